package io.missive.sdk.internal;

import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveConnectException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.logging.Logger;

/**
 * Connects to one of several endpoints: races their transports ({@link EndpointRace}), then makes
 * the MQTT connection on the winner only. When that connection fails for a reason of the transport
 * (no answer, connection reset, TLS), the endpoints not tried yet race at once; a refusal by the
 * server (a CONNACK reason code: bad credentials, revoked token, quota) is the answer and ends the
 * attempt. The endpoint whose MQTT connection succeeded is remembered: the next connect starts with
 * it, the others follow in the configured order; after a connection was lost, from a random one of
 * them on (so that the devices of a node that went away spread over the others instead of all taking
 * the next one of the list). With a single endpoint there is no race. Thread-safe.
 */
final class EndpointConnector {

    private static final @NotNull Logger LOG = Logger.getLogger(EndpointConnector.class.getName());

    private final @NotNull List<Endpoint> endpoints;
    private final @NotNull EndpointRace race;
    private final @NotNull Executor continuation;
    private final @NotNull IntUnaryOperator random;
    private volatile @Nullable Endpoint preferred;

    /**
     * @param endpoints    in the configured order; not empty
     * @param continuation where the MQTT connect is started after a race (never a dialing thread)
     */
    EndpointConnector(final @NotNull List<Endpoint> endpoints, final @NotNull EndpointRace race,
                      final @NotNull Executor continuation) {
        this(endpoints, race, continuation, bound -> ThreadLocalRandom.current().nextInt(bound));
    }

    /** @param random a number in {@code [0, bound)} for a bound */
    EndpointConnector(final @NotNull List<Endpoint> endpoints, final @NotNull EndpointRace race,
                      final @NotNull Executor continuation, final @NotNull IntUnaryOperator random) {
        this.random = random;
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoint");
        }
        this.endpoints = List.copyOf(endpoints);
        this.race = race;
        this.continuation = continuation;
    }

    /**
     * The connector of a client: dials with sockets on {@code dialThreads}, staggered as configured,
     * bounded by the connect timeout.
     */
    static @NotNull EndpointConnector of(final @NotNull ClientConfig config, final @NotNull ExecutorService dialThreads,
                                         final @NotNull Timers timers, final @NotNull Executor continuation) {
        final int timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
        final Dialer dialer = new SocketDialer(dialThreads, () -> config.tlsTrust().socketFactory(), timeoutMs);
        return new EndpointConnector(config.endpoints(),
                new EndpointRace(dialer, timers, config.endpointStagger().toMillis()), continuation);
    }

    /** Threads for dialing: one per dial under way, none when idle; shut it down when the client closes. */
    static @NotNull ExecutorService dialThreads(final @NotNull String deviceId) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new DaemonThreads("missive-dial-" + deviceId));
    }

    /** @return the endpoints in the order the next connect tries them: the last winner first */
    @NotNull List<Endpoint> order() {
        return order(false);
    }

    /**
     * @param afterLoss whether the connection was lost (an automatic reconnect): the endpoints after the
     *                  last winner then follow from a random one of them on, in the configured cycle
     */
    @NotNull List<Endpoint> order(final boolean afterLoss) {
        final Endpoint first = preferred;
        if (first == null) {
            return endpoints;
        }
        final List<Endpoint> others = new ArrayList<>(endpoints);
        others.remove(first);
        if (afterLoss && others.size() > 1) {
            Collections.rotate(others, -random.applyAsInt(others.size()));
        }
        final List<Endpoint> ordered = new ArrayList<>(endpoints.size());
        ordered.add(first);
        ordered.addAll(others);
        return ordered;
    }

    /**
     * @param mqttConnect makes the MQTT connection to one endpoint; it fails with a
     *                    {@link MissiveConnectException}, whose code {@link ErrorCode#NOT_CONNECTED}
     *                    (and no reason code) says the transport failed
     * @return the outcome of the MQTT connection that succeeded, or the failure that ended the attempt
     */
    <T> @NotNull CompletableFuture<T> connect(final @NotNull Function<Endpoint, CompletableFuture<T>> mqttConnect) {
        return connect(mqttConnect, false);
    }

    /** @param afterLoss an automatic reconnect after the connection was lost (see {@link #order(boolean)}) */
    <T> @NotNull CompletableFuture<T> connect(final @NotNull Function<Endpoint, CompletableFuture<T>> mqttConnect,
                                              final boolean afterLoss) {
        return attempt(order(afterLoss), mqttConnect);
    }

    private <T> @NotNull CompletableFuture<T> attempt(
            final @NotNull List<Endpoint> untried, final @NotNull Function<Endpoint, CompletableFuture<T>> mqttConnect) {
        if (untried.size() == 1) {
            return on(untried.get(0), untried, mqttConnect);
        }
        return race.race(untried)
                .handle((winner, failure) -> {
                    if (failure != null) {
                        final Throwable cause = Futures.unwrap(failure);
                        return Futures.<T>failed(new MissiveConnectException(ErrorCode.NOT_CONNECTED,
                                "could not connect: " + cause.getMessage(), -1, cause.getCause()));
                    }
                    LOG.fine(() -> winner + " answered first of " + untried);
                    return on(winner, untried, mqttConnect);
                })
                .thenComposeAsync(Function.identity(), continuation);
    }

    private <T> @NotNull CompletableFuture<T> on(
            final @NotNull Endpoint endpoint, final @NotNull List<Endpoint> untried,
            final @NotNull Function<Endpoint, CompletableFuture<T>> mqttConnect) {
        final CompletableFuture<T> connected;
        try {
            connected = mqttConnect.apply(endpoint);
        } catch (final RuntimeException e) {
            return Futures.failed(e);
        }
        return connected.handle((result, failure) -> {
            if (failure == null) {
                preferred = endpoint;
                return CompletableFuture.completedFuture(result);
            }
            final Throwable cause = Futures.unwrap(failure);
            final List<Endpoint> rest = new ArrayList<>(untried);
            rest.remove(endpoint);
            if (rest.isEmpty() || !transportFailed(cause)) {
                return Futures.<T>failed(cause);
            }
            LOG.info(() -> "connecting over " + endpoint + " failed (" + cause.getMessage() + "); trying " + rest);
            return attempt(rest, mqttConnect);
        }).thenCompose(Function.identity());
    }

    private static boolean transportFailed(final @NotNull Throwable failure) {
        return failure instanceof MissiveConnectException
                && ((MissiveConnectException) failure).code() == ErrorCode.NOT_CONNECTED
                && ((MissiveConnectException) failure).reasonCode().isEmpty();
    }
}
