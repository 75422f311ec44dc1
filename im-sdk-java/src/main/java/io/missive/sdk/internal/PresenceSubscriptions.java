package io.missive.sdk.internal;

import io.missive.sdk.Contact;
import io.missive.sdk.ContactState;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Presence;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The users whose presence the client follows. The server keeps presence subscriptions per
 * connection, so the client remembers them: a user is followed from a successful subscription
 * (the users whose state the answer holds) until the app unsubscribes or the contact ends. After
 * every connection is established, the followed users are subscribed again, and the current states
 * from that answer go to the presence listeners (changes that happened while the client was away);
 * a state is skipped when a live change of that user was delivered after the subscription went out,
 * since the live one is at least as new. When the server refuses the whole set because some users
 * may no longer be followed (the contact ended or they blocked the user while the client was away),
 * each user is subscribed on their own and the refused ones are forgotten. Failures worth retrying
 * are retried with backoff while the connection lasts.
 *
 * <p>Thread-safe: requests and connection news come from any thread, live presence from the
 * delivery thread; states are handed to {@code sink} on {@code delivery}.
 */
final class PresenceSubscriptions {

    private static final @NotNull Logger LOG = Logger.getLogger(PresenceSubscriptions.class.getName());

    private final @NotNull RequestAttempts attempts;
    private final @NotNull Timers timers;
    private final @NotNull Backoff retries;
    private final @NotNull Executor delivery;
    private final @NotNull Consumer<Presence> sink;

    private final @NotNull Set<String> followed = new LinkedHashSet<>();
    /** The users of each subscription waiting for its answer; an unsubscription removes its users. */
    private final @NotNull List<Set<String>> subscribing = new ArrayList<>();
    /** Per user, the number of the last live change delivered; numbered by {@link #liveChanges}. */
    private final @NotNull Map<String, Long> lastLive = new HashMap<>();
    private long liveChanges;
    private long epoch;

    /**
     * @param delivery the delivery thread
     * @param sink     receives the states of a subscription made again after a reconnect; runs on {@code delivery}
     */
    PresenceSubscriptions(final @NotNull RequestAttempts.Channel channel, final @NotNull Timers timers,
                          final @NotNull Backoff retries, final @NotNull Executor delivery,
                          final @NotNull Consumer<Presence> sink) {
        this.attempts = new RequestAttempts(channel, timers, retries, 1);
        this.timers = timers;
        this.retries = retries;
        this.delivery = delivery;
        this.sink = sink;
    }

    /** Subscribes once; on success the users whose state the answer holds are followed from now on. */
    @NotNull CompletableFuture<List<Presence>> subscribe(final @NotNull Collection<String> userIds) {
        final Set<String> users = new LinkedHashSet<>(userIds);
        synchronized (this) {
            subscribing.add(users);
        }
        final CompletableFuture<List<Presence>> result = new CompletableFuture<>();
        attempts.once(PresenceCodec.subscribePresence(users), PresenceCodec::toPresenceList).whenComplete((states, failure) -> {
            synchronized (this) {
                subscribing.remove(users);
                if (failure == null) {
                    for (final Presence state : states) {
                        if (users.contains(state.userId())) { // not unsubscribed meanwhile
                            followed.add(state.userId());
                        }
                    }
                }
            }
            if (failure == null) {
                result.complete(states);
            } else {
                result.completeExceptionally(Futures.unwrap(failure));
            }
        });
        return result;
    }

    /**
     * Forgets the users at once and unsubscribes them. Without a connection there is nothing to undo
     * on the server (its subscriptions end with the connection), so NOT_CONNECTED counts as success.
     */
    @NotNull CompletableFuture<Void> unsubscribe(final @NotNull Collection<String> userIds) {
        final Set<String> users = new LinkedHashSet<>(userIds);
        forget(users);
        final CompletableFuture<Void> result = new CompletableFuture<>();
        attempts.once(PresenceCodec.unsubscribePresence(users), PresenceCodec::toPresenceList).whenComplete((states, failure) -> {
            final Throwable cause = failure == null ? null : Futures.unwrap(failure);
            if (cause == null || cause instanceof MissiveException
                    && ((MissiveException) cause).code() == ErrorCode.NOT_CONNECTED) {
                result.complete(null);
            } else {
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    /** A contact relation changed: a user who is no longer an accepted contact cannot be followed. */
    void contactChanged(final @NotNull Contact contact) {
        if (contact.state() != ContactState.ACCEPTED) {
            forget(Collections.singleton(contact.userId()));
        }
    }

    /** A live presence change is being delivered (on the delivery thread). */
    synchronized void deliveredLive(final @NotNull Presence presence) {
        if (followed.contains(presence.userId()) || isSubscribing(presence.userId())) {
            lastLive.put(presence.userId(), ++liveChanges);
        }
    }

    /** A connection is established and subscribed: subscribe the followed users again. */
    void connected() {
        final long session;
        final List<String> users;
        synchronized (this) {
            session = ++epoch;
            users = new ArrayList<>(followed);
        }
        if (!users.isEmpty()) {
            resubscribe(session, users, 0);
        }
    }

    /** The connection ended: retries of its subscriptions stop. */
    synchronized void disconnected() {
        epoch++;
    }

    /** @return the users followed now, in the order they were first followed */
    synchronized @NotNull List<String> followed() {
        return new ArrayList<>(followed);
    }

    private synchronized void forget(final @NotNull Collection<String> users) {
        followed.removeAll(users);
        for (final Set<String> waiting : subscribing) {
            waiting.removeAll(users);
        }
        lastLive.keySet().removeAll(users);
    }

    private boolean isSubscribing(final @NotNull String userId) {
        for (final Set<String> waiting : subscribing) {
            if (waiting.contains(userId)) {
                return true;
            }
        }
        return false;
    }

    private void resubscribe(final long session, final @NotNull List<String> candidates, final int failures) {
        final List<String> users = new ArrayList<>(candidates.size());
        final long mark;
        synchronized (this) {
            if (session != epoch) {
                return;
            }
            for (final String user : candidates) {
                if (followed.contains(user)) { // not unsubscribed meanwhile
                    users.add(user);
                }
            }
            mark = liveChanges;
        }
        if (users.isEmpty()) {
            return;
        }
        attempts.once(PresenceCodec.subscribePresence(users), PresenceCodec::toPresenceList).whenComplete((states, failure) -> {
            if (failure == null) {
                resubscribed(session, users, states, mark);
            } else {
                resubscribeFailed(session, users, failures, Futures.unwrap(failure));
            }
        });
    }

    private void resubscribed(final long session, final @NotNull List<String> users,
                              final @NotNull List<Presence> states, final long mark) {
        synchronized (this) {
            if (session != epoch) {
                return;
            }
            final Set<String> answered = new LinkedHashSet<>();
            for (final Presence state : states) {
                answered.add(state.userId());
            }
            final List<String> dropped = new ArrayList<>();
            for (final String user : users) {
                if (!answered.contains(user)) {
                    dropped.add(user);
                }
            }
            if (!dropped.isEmpty()) {
                LOG.info(() -> "the server no longer lets this device follow the presence of " + dropped);
                forget(dropped);
            }
        }
        try {
            delivery.execute(() -> {
                for (final Presence state : states) {
                    if (isFresh(session, state.userId(), mark)) {
                        sink.accept(state);
                    }
                }
            });
        } catch (final RejectedExecutionException e) {
            LOG.log(Level.FINE, "client closed; dropping presence states", e);
        }
    }

    /** @return true when the state answered after a reconnect is still worth telling the listeners */
    private synchronized boolean isFresh(final long session, final @NotNull String userId, final long mark) {
        final Long live = lastLive.get(userId);
        return session == epoch && followed.contains(userId) && (live == null || live <= mark);
    }

    private void resubscribeFailed(final long session, final @NotNull List<String> users, final int failures,
                                   final @NotNull Throwable failure) {
        final ErrorCode code = failure instanceof MissiveException ? ((MissiveException) failure).code() : null;
        if (code == ErrorCode.NOT_A_CONTACT || code == ErrorCode.BLOCKED || code == ErrorCode.NOT_FOUND
                || code == ErrorCode.INVALID_ARGUMENT) {
            if (users.size() > 1) {
                LOG.fine(() -> "the server refused following " + users + " (" + code + "); subscribing one by one");
                for (final String user : users) {
                    resubscribe(session, Collections.singletonList(user), 0);
                }
            } else {
                LOG.info(() -> "no longer following the presence of " + users + ": " + failure.getMessage());
                forget(users);
            }
        } else if (code == ErrorCode.NOT_CONNECTED) {
            LOG.fine("connection ended before the presence subscriptions were renewed; the next one renews them");
        } else if (code == null || code.isRetryable() || code == ErrorCode.UNSPECIFIED) {
            // UNSPECIFIED: a refusing PUBACK whose error reply was slow; the next attempt tells more
            final long delay = retries.delayMs(failures);
            LOG.log(Level.FINE, "renewing presence subscriptions failed; retrying in " + delay + " ms", failure);
            timers.schedule(delay, () -> resubscribe(session, users, failures + 1));
        } else {
            LOG.log(Level.WARNING, "the server refused renewing presence subscriptions; they are renewed again"
                    + " after the next reconnect", failure);
        }
    }
}
