package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Races the transports of several endpoints, as "happy eyeballs" (RFC 8305) races addresses: the
 * first endpoint is dialed at once, each next one when the previous has not answered within the
 * stagger or as soon as the previous failed; the first established transport wins and every other
 * dial is closed. Only transports race, never MQTT connects: the device's client id allows one
 * MQTT session, and a second CONNECT would take the first one's session over.
 */
final class EndpointRace {

    private final @NotNull Dialer dialer;
    private final @NotNull Timers timers;
    private final long staggerMs;

    EndpointRace(final @NotNull Dialer dialer, final @NotNull Timers timers, final long staggerMs) {
        this.dialer = dialer;
        this.timers = timers;
        this.staggerMs = staggerMs;
    }

    /**
     * @param endpoints in the order to try them; not empty
     * @return the endpoint whose transport was established first; it fails with {@link NoEndpointAnswered}
     *         when none could be. Cancelling it ends the race. When it completes, every dial is closed
     *         (the winner's too: the MQTT connection opens its own).
     */
    @NotNull CompletableFuture<Endpoint> race(final @NotNull List<Endpoint> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoint to race");
        }
        final Run run = new Run(List.copyOf(endpoints));
        run.result.whenComplete((winner, failure) -> run.finish());
        run.next();
        return run.result;
    }

    /** Every endpoint of a race failed. */
    static final class NoEndpointAnswered extends Exception {

        private static final long serialVersionUID = 1L;

        NoEndpointAnswered(final @NotNull String message, final @Nullable Throwable last) {
            super(message, last);
        }
    }

    /** One race; its state is guarded by itself, dials and timers are started and closed outside the lock. */
    private final class Run {

        private final @NotNull List<Endpoint> endpoints;
        private final @NotNull CompletableFuture<Endpoint> result = new CompletableFuture<>();
        private final @NotNull List<Dialer.Dial> dials = new ArrayList<>();
        private final @NotNull StringBuilder failures = new StringBuilder();
        private int started;
        private int failed;
        private @Nullable Throwable lastFailure;
        private @Nullable Timers.Timer stagger;
        private boolean finished;

        Run(final @NotNull List<Endpoint> endpoints) {
            this.endpoints = endpoints;
        }

        /** Dials the next endpoint, if the race is still on and one is left. */
        void next() {
            final Endpoint endpoint;
            final Timers.Timer previous;
            synchronized (this) {
                if (finished || started == endpoints.size()) {
                    return;
                }
                endpoint = endpoints.get(started++);
                previous = stagger;
                stagger = null;
            }
            if (previous != null) {
                previous.cancel();
            }
            final Dialer.Dial dial = dialer.dial(endpoint);
            final boolean over;
            final boolean lastOne;
            synchronized (this) {
                over = finished;
                if (!over) {
                    dials.add(dial);
                }
                lastOne = started == endpoints.size();
            }
            if (over) {
                dial.close();
                return;
            }
            if (!lastOne) {
                final Timers.Timer timer = timers.schedule(staggerMs, this::next);
                final boolean keep;
                synchronized (this) {
                    keep = stagger == null && !finished;
                    if (keep) {
                        stagger = timer;
                    }
                }
                if (!keep) {
                    timer.cancel();
                }
            }
            dial.established().whenComplete((ok, failure) -> {
                if (failure == null) {
                    result.complete(endpoint);
                } else {
                    failed(endpoint, Futures.unwrap(failure));
                }
            });
        }

        private void failed(final @NotNull Endpoint endpoint, final @NotNull Throwable failure) {
            final boolean allFailed;
            synchronized (this) {
                if (finished) {
                    return;
                }
                failed++;
                lastFailure = failure;
                failures.append(failures.length() == 0 ? "" : "; ").append(endpoint).append(": ")
                        .append(ReasonCodes.describe(failure));
                allFailed = failed == endpoints.size();
            }
            if (allFailed) {
                final String message;
                synchronized (this) {
                    message = (endpoints.size() == 1 ? "" : "none of " + endpoints.size() + " endpoints answered: ")
                            + failures;
                }
                result.completeExceptionally(new NoEndpointAnswered(message, lastFailure));
            } else {
                next(); // a failed endpoint does not hold the next one back for the rest of the stagger
            }
        }

        /** The race is decided (or cancelled): stop dialing and close every dial. */
        void finish() {
            final List<Dialer.Dial> toClose;
            final Timers.Timer timer;
            synchronized (this) {
                finished = true;
                toClose = new ArrayList<>(dials);
                dials.clear();
                timer = stagger;
                stagger = null;
            }
            if (timer != null) {
                timer.cancel();
            }
            toClose.forEach(Dialer.Dial::close);
        }
    }
}
