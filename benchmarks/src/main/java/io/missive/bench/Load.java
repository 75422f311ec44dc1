package io.missive.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The load side's MQTT plumbing: HiveMQ's asynchronous client (all connections share one Netty
 * event loop, so 20,000 of them need no thread each), bounded concurrency, and waiting with a limit.
 */
final class Load {

    /** Connections are spread over source addresses 127.0.0.1..127.0.0.N so no port range runs out. */
    private static final int SOURCE_ADDRESSES = 32;
    private static int nextSource;

    private Load() {
    }

    /** A client of the broker on 127.0.0.1:port; every received PUBLISH goes to {@code onPublish} (on a Netty thread). */
    static @NotNull Mqtt5AsyncClient client(final @NotNull String clientId, final int port,
                                            final @NotNull Consumer<Mqtt5Publish> onPublish) {
        final Mqtt5AsyncClient client = Mqtt5Client.builder()
                .identifier(clientId)
                .transportConfig()
                .serverHost("127.0.0.1")
                .serverPort(port)
                .localAddress(new InetSocketAddress(nextSourceAddress(), 0))
                .mqttConnectTimeout(60, TimeUnit.SECONDS)
                .socketConnectTimeout(30, TimeUnit.SECONDS)
                .applyTransportConfig()
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, onPublish, Runnable::run);
        return client;
    }

    private static synchronized @NotNull InetAddress nextSourceAddress() {
        nextSource = (nextSource + 1) % SOURCE_ADDRESSES;
        try {
            return InetAddress.getByAddress(new byte[]{127, 0, 0, (byte) (nextSource + 1)});
        } catch (final UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connects (clean start) with an optional user name and password. */
    static @NotNull CompletableFuture<Void> connect(final @NotNull Mqtt5AsyncClient client,
                                                    final @Nullable String username, final @Nullable String password) {
        final var connect = client.connectWith().cleanStart(true).keepAlive(600);
        final var builder = username == null ? connect
                : connect.simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        return builder.send().thenApply(ack -> null);
    }

    /** Subscribes to every topic with QoS 1; fails when the broker refuses any of them. */
    static @NotNull CompletableFuture<Void> subscribe(final @NotNull Mqtt5AsyncClient client,
                                                      final @NotNull List<String> topics) {
        var builder = client.subscribeWith().addSubscription().topicFilter(topics.get(0)).qos(MqttQos.AT_LEAST_ONCE)
                .applySubscription();
        for (final String topic : topics.subList(1, topics.size())) {
            builder = builder.addSubscription().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).applySubscription();
        }
        return builder.send().thenAccept(subAck -> check(subAck, topics));
    }

    private static void check(final @NotNull Mqtt5SubAck subAck, final @NotNull List<String> topics) {
        if (subAck.getReasonCodes().stream().anyMatch(code -> code.isError())) {
            throw new IllegalStateException("subscription to " + topics + " refused: " + subAck.getReasonCodes());
        }
    }

    /** A QoS 1 publish, failed when the PUBACK carries an error. */
    static @NotNull CompletableFuture<Void> publish(final @NotNull Mqtt5AsyncClient client, final @NotNull String topic,
                                                    final byte @NotNull [] payload) {
        return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                .thenAccept(Load::check);
    }

    static void check(final @NotNull Mqtt5PublishResult result) {
        if (result.getError().isPresent()) {
            throw new CompletionException(result.getError().get());
        }
    }

    /** Runs {@code action} for every item with at most {@code limit} in flight; the result fails with the first failure. */
    static <T, R> @NotNull List<R> forEach(final @NotNull Collection<T> items, final int limit, final long timeoutSeconds,
                                           final @NotNull Function<T, CompletableFuture<R>> action) {
        final Semaphore permits = new Semaphore(limit);
        final List<CompletableFuture<R>> all = new ArrayList<>(items.size());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            for (final T item : items) {
                if (!permits.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException("timed out after " + timeoutSeconds + " s with " + all.size()
                            + " of " + items.size() + " started");
                }
                final CompletableFuture<R> future;
                try {
                    future = action.apply(item);
                } catch (final RuntimeException e) {
                    permits.release();
                    throw e;
                }
                future.whenComplete((r, e) -> permits.release());
                all.add(future);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        await(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)),
                Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())), "all " + items.size());
        return all.stream().map(CompletableFuture::join).toList();
    }

    static <T> T await(final @NotNull CompletableFuture<T> future, final long timeoutSeconds, final @NotNull String what) {
        try {
            return future.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (final TimeoutException e) {
            throw new IllegalStateException(what + ": no answer within " + timeoutSeconds + " s", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Runs {@code attempt}; when it fails with an error {@code retryable} accepts, runs it again after
     * {@code delay}, at most {@code attempts} times in all.
     */
    static <T> @NotNull CompletableFuture<T> retrying(final @NotNull Supplier<CompletableFuture<T>> attempt,
                                                      final int attempts, final @NotNull Duration delay,
                                                      final @NotNull Predicate<Throwable> retryable) {
        return attempt.get().thenApply(CompletableFuture::completedFuture).exceptionally(error -> {
            final Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (attempts > 1 && retryable.test(cause)) {
                return CompletableFuture.supplyAsync(() -> null,
                                CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
                        .thenCompose(x -> retrying(attempt, attempts - 1, delay, retryable));
            }
            return CompletableFuture.failedFuture(error);
        }).thenCompose(f -> f);
    }

    /** Disconnects every client, waiting a bounded time; failures do not matter any more. */
    static void disconnectAll(final @NotNull Collection<Mqtt5AsyncClient> clients) {
        final List<CompletableFuture<Void>> all = new ArrayList<>();
        for (final Mqtt5AsyncClient client : clients) {
            all.add(client.disconnect().exceptionally(e -> null));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (final Exception e) {
            // a client that does not answer is dropped with the process
        }
    }
}
