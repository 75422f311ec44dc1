package io.missive.broker.links;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpLinkCheckerTest {

    private final CheckerServer service = new CheckerServer();
    private final HttpLinkChecker checker = new HttpLinkChecker(service.url(), Duration.ofSeconds(5));

    @AfterEach
    void close() {
        checker.close();
        service.close();
    }

    private LinkChecker.Verdict check(final String... domains) {
        return checker.check(List.of(domains)).toCompletableFuture().join();
    }

    @Test
    void posts_the_domains_as_json_and_reads_a_refusal() {
        service.answer(200, "{\"refused\":\"bad.example\"}");

        assertThat(check("fine.example", "bad.example").refused()).isEqualTo("bad.example");
        assertThat(service.requests()).containsExactly(
                "{\"domains\":[\"fine.example\",\"bad.example\"]} POST application/json");
    }

    @Test
    void a_refused_parent_names_the_domain_asked() {
        service.answer(200, "{\"refused\":\"Bad.Example.\"}");

        assertThat(check("fine.example", "www.bad.example").refused()).isEqualTo("www.bad.example");
    }

    @Test
    void an_empty_object_or_no_refused_domain_lets_them_pass() {
        for (final String body : new String[]{"{}", "{\"refused\":null}", "{\"refused\":\"\"}", " {\"other\":1} "}) {
            service.answer(200, body);
            assertThat(check("fine.example")).as(body).isEqualTo(LinkChecker.Verdict.ALLOWED);
        }
    }

    @Test
    void other_statuses_and_garbage_are_failed_checks() {
        for (final String[] answer : new String[][]{{"500", "{}"}, {"404", "{\"refused\":\"bad.example\"}"},
                {"200", "not json"}, {"200", "[\"bad.example\"]"}, {"200", "{\"refused\":42}"},
                {"200", "{\"refused\":\"elsewhere.example\"}"}, {"200", ""}}) {
            service.answer(Integer.parseInt(answer[0]), answer[1]);
            final CompletableFuture<LinkChecker.Verdict> verdict = checker.check(List.of("bad.example"))
                    .toCompletableFuture();
            assertThatThrownBy(verdict::join).as(answer[0] + " " + answer[1])
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(HttpLinkChecker.LinkCheckException.class);
        }
    }

    @Test
    void a_service_that_is_not_there_is_a_failed_check() {
        service.close();
        assertThatThrownBy(() -> check("fine.example")).isInstanceOf(CompletionException.class);
    }
}
