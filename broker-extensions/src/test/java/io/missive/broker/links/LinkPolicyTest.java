package io.missive.broker.links;

import com.codahale.metrics.MetricRegistry;
import io.missive.broker.config.LinkSettings;
import io.missive.broker.metrics.Metrics;
import io.missive.broker.request.RequestException;
import io.missive.protocol.v1.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkPolicyTest {

    @TempDir
    Path dir;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final MetricRegistry registry = new MetricRegistry();
    private final Metrics metrics = new Metrics(registry);
    private final CheckerServer service = new CheckerServer();
    private final HttpLinkChecker checker = new HttpLinkChecker(service.url(), Duration.ofSeconds(5));

    @AfterEach
    void close() {
        checker.close();
        service.close();
        timer.shutdownNow();
    }

    /** A policy whose checker has a budget far above what an answer takes; a silent one spends it all. */
    private LinkPolicy policy(final boolean failOpen, final String... denied) throws IOException {
        return policy(failOpen, service.silentNow() ? 200 : 10_000, denied);
    }

    private LinkPolicy policy(final boolean failOpen, final int budgetMs, final String... denied) throws IOException {
        final Path file = dir.resolve("deny.txt");
        Files.writeString(file, String.join("\n", denied));
        return new LinkPolicy(new LinkSettings(file, service.url(), budgetMs, failOpen),
                new DenyListFile(file, timer, 1_000), checker, timer, metrics);
    }

    private static RequestException refusal(final CompletableFuture<Void> admitted) {
        final CompletionException thrown = (CompletionException) org.assertj.core.api.Assertions.catchThrowable(
                admitted::join);
        assertThat(thrown).as("refused").isNotNull();
        assertThat(thrown.getCause()).isInstanceOf(RequestException.class);
        return (RequestException) thrown.getCause();
    }

    private long count(final String meter) {
        return registry.meter(meter).getCount();
    }

    @Test
    void a_text_without_links_never_reaches_the_checker() throws IOException {
        final LinkPolicy policy = policy(false, "denied.example.com");

        assertThat(policy.admit("hello, e.g. version 1.5 at 3 p.m.")).isCompleted();
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void the_deny_list_refuses_first_naming_the_domain_without_asking_the_checker() throws IOException {
        final LinkPolicy policy = policy(true, "denied.example.com");

        final RequestException refused = refusal(policy.admit("look at https://www.Denied.example.com/x and ok.example.com"));

        assertThat(refused.code()).isEqualTo(ErrorCode.LINK_REFUSED);
        assertThat(refused.getMessage()).contains("'www.denied.example.com'").contains("deny list");
        assertThat(service.requests()).isEmpty();
        assertThat(count(Metrics.LINKS_REFUSED_DENY_LIST)).isEqualTo(1);
    }

    @Test
    void the_checker_refuses_naming_the_domain() throws IOException {
        service.answer(200, "{\"refused\":\"bad.example.net\"}");
        final LinkPolicy policy = policy(true, "denied.example.com");

        final RequestException refused = refusal(policy.admit("ok.example.com and bad.example.net."));

        assertThat(refused.code()).isEqualTo(ErrorCode.LINK_REFUSED);
        assertThat(refused.getMessage()).contains("'bad.example.net'").contains("link checker");
        assertThat(service.requests()).containsExactly("{\"domains\":[\"ok.example.com\",\"bad.example.net\"]} POST "
                + "application/json");
        assertThat(count(Metrics.LINKS_REFUSED_CHECKER)).isEqualTo(1);
    }

    @Test
    void links_the_checker_lets_pass_pass() throws IOException {
        service.answer(200, "{}");
        assertThat(policy(false).admit("see ok.example.com").join()).isNull();
        assertThat(service.requests()).hasSize(1);
    }

    @Test
    void a_checker_too_slow_for_the_budget_fails_open() throws IOException {
        service.silent();
        final LinkPolicy policy = policy(true);

        assertThat(policy.admit("see slow.example.org").join()).isNull();

        assertThat(count(Metrics.LINKS_CHECKER_TIMEOUTS)).isEqualTo(1);
        assertThat(count(Metrics.LINKS_PASSED_UNCHECKED)).isEqualTo(1);
        assertThat(count(Metrics.LINKS_REFUSED_UNCHECKED)).isZero();
    }

    @Test
    void a_checker_too_slow_for_the_budget_fails_closed() throws IOException {
        service.silent();
        final LinkPolicy policy = policy(false);

        final RequestException refused = refusal(policy.admit("see slow.example.org"));

        assertThat(refused.code()).isEqualTo(ErrorCode.LINK_REFUSED);
        assertThat(refused.getMessage()).contains("'slow.example.org'").contains("within 200 ms");
        assertThat(count(Metrics.LINKS_CHECKER_TIMEOUTS)).isEqualTo(1);
        assertThat(count(Metrics.LINKS_REFUSED_UNCHECKED)).isEqualTo(1);
    }

    @Test
    void a_failing_checker_fails_open_or_closed() throws IOException {
        service.answer(500, "oops");
        assertThat(policy(true).admit("see ok.example.com").join()).isNull();
        assertThat(count(Metrics.LINKS_CHECKER_ERRORS)).isEqualTo(1);
        assertThat(count(Metrics.LINKS_PASSED_UNCHECKED)).isEqualTo(1);

        service.answer(200, "garbage");
        final RequestException refused = refusal(policy(false).admit("see ok.example.com"));
        assertThat(refused.getMessage()).contains("'ok.example.com'").contains("could not be checked");
        assertThat(count(Metrics.LINKS_CHECKER_ERRORS)).isEqualTo(2);
        assertThat(count(Metrics.LINKS_REFUSED_UNCHECKED)).isEqualTo(1);
    }

    @Test
    void without_a_checker_the_deny_list_alone_decides() throws IOException {
        final Path file = dir.resolve("deny.txt");
        Files.writeString(file, "denied.example.com\n");
        final LinkPolicy policy = new LinkPolicy(new LinkSettings(file, null, 200, false),
                new DenyListFile(file, timer, 1_000), null, timer, metrics);

        assertThat(policy.admit("ok.example.com").join()).isNull();
        assertThat(refusal(policy.admit("sub.denied.example.com")).code()).isEqualTo(ErrorCode.LINK_REFUSED);
    }
}
