package io.missive.broker.sync;

import io.missive.broker.request.Identity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PagePrefetchTest {

    private final PagePrefetch prefetch = new PagePrefetch();
    private final Identity phone = new Identity("alice", "alice-phone");
    private final Identity laptop = new Identity("alice", "alice-laptop");
    private final AtomicInteger reads = new AtomicInteger();

    private CompletableFuture<PagePrefetch.Read> read() {
        reads.incrementAndGet();
        return CompletableFuture.completedFuture(new PagePrefetch.Read(List.of(), List.of()));
    }

    @Test
    void the_page_read_ahead_is_taken_once_by_the_request_it_was_read_for() {
        prefetch.readAhead(phone, 500, 500, this::read);

        assertThat(prefetch.take(phone, 500, 500)).isPresent();
        assertThat(prefetch.take(phone, 500, 500)).isEmpty();
        assertThat(reads).hasValue(1);
    }

    @Test
    void a_request_for_another_page_or_limit_drops_the_read_ahead() {
        prefetch.readAhead(phone, 500, 500, this::read);
        assertThat(prefetch.take(phone, 400, 500)).isEmpty();
        assertThat(prefetch.take(phone, 500, 500)).isEmpty();

        prefetch.readAhead(phone, 500, 500, this::read);
        assertThat(prefetch.take(phone, 500, 200)).isEmpty();
        assertThat(prefetch.size()).isZero();
    }

    @Test
    void each_device_has_its_own_read_ahead() {
        prefetch.readAhead(phone, 500, 500, this::read);
        prefetch.readAhead(laptop, 700, 500, this::read);

        assertThat(prefetch.take(laptop, 500, 500)).isEmpty();
        assertThat(prefetch.take(phone, 500, 500)).isPresent();
    }

    @Test
    void a_disconnected_device_keeps_no_read_ahead() {
        prefetch.readAhead(phone, 500, 500, this::read);
        prefetch.disconnected(phone);

        assertThat(prefetch.size()).isZero();
        assertThat(prefetch.take(phone, 500, 500)).isEmpty();
    }

    @Test
    void beyond_the_device_limit_nothing_more_is_read_ahead() {
        for (int i = 0; i < PagePrefetch.MAX_DEVICES; i++) {
            prefetch.readAhead(new Identity("u" + i, "d" + i), 0, 10, this::read);
        }
        prefetch.readAhead(phone, 500, 500, this::read);

        assertThat(reads).hasValue(PagePrefetch.MAX_DEVICES);
        assertThat(prefetch.take(phone, 500, 500)).isEmpty();
    }
}
