package io.missive.broker.links;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.missive.broker.config.ExtensionConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The built-in {@link LinkChecker}: an operator's HTTP service ({@code links.checker-url}), asked
 * with the JDK's asynchronous HTTP client (HTTP/1.1, no thread waits for the answer).
 *
 * <pre>
 * POST {links.checker-url}
 * Content-Type: application/json
 * {"domains":["example.com","www.example.org"]}
 *
 * 200 {"refused":"example.com"}   that domain (or a subdomain asked) is refused: the message is refused naming it
 * 200 {}                          all may pass ({"refused":null} and {"refused":""} too)
 * </pre>
 *
 * Any other status, a body that is not such a JSON object, or a refused domain that is not one of
 * those asked (nor a parent of one) is a failed check.
 */
@Singleton
public final class HttpLinkChecker implements LinkChecker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final @NotNull URI url;
    private final @NotNull Duration timeout;
    private final @NotNull ExecutorService executor;
    private final @NotNull HttpClient client;

    @Inject
    public HttpLinkChecker(final @NotNull ExtensionConfig config) {
        this(Objects.requireNonNull(config.links().checkerUrl(), "links.checker-url"),
                Duration.ofMillis(config.links().checkerTimeoutMs()));
    }

    HttpLinkChecker(final @NotNull URI url, final @NotNull Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        final AtomicInteger threads = new AtomicInteger();
        // the client's own work (its answers, their parsing): two threads, idle ones end
        this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            final Thread thread = new Thread(runnable, "missive-link-checker-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .executor(executor).build();
    }

    @Override
    public @NotNull CompletionStage<Verdict> check(final @NotNull List<String> domains) {
        final ObjectNode body = JSON.createObjectNode();
        domains.forEach(body.putArray("domains")::add);
        final HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .thenApply(response -> verdict(response.statusCode(), response.body(), domains));
        } catch (final RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The verdict of an answer; throws {@link LinkCheckException} for an answer that is none. */
    static @NotNull Verdict verdict(final int status, final @NotNull String body, final @NotNull List<String> asked) {
        if (status != 200) {
            throw new LinkCheckException("the link checker answered HTTP " + status);
        }
        final JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (final IOException e) {
            throw new LinkCheckException("the link checker's answer is not JSON");
        }
        if (answer == null || !answer.isObject()) {
            throw new LinkCheckException("the link checker's answer is not a JSON object");
        }
        final JsonNode refused = answer.get("refused");
        if (refused == null || refused.isNull() || (refused.isTextual() && refused.asText().isEmpty())) {
            return Verdict.ALLOWED;
        }
        final String domain = refused.isTextual() ? LinkExtractor.normalize(refused.asText()) : null;
        // named as the message links to it: a checker may refuse a parent of the domain asked
        final String linked = domain == null ? null
                : asked.stream().filter(d -> d.equals(domain) || d.endsWith("." + domain)).findFirst().orElse(null);
        if (linked == null) {
            final String shown = refused.toString();
            throw new LinkCheckException("the link checker refused a domain that was not asked: "
                    + (shown.length() > 100 ? shown.substring(0, 100) + "..." : shown));
        }
        return Verdict.refusing(linked);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** The checker gave no usable answer. */
    static final class LinkCheckException extends RuntimeException {
        LinkCheckException(final @NotNull String message) {
            super(message, null, false, false);
        }
    }
}
