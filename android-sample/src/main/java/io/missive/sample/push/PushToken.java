package io.missive.sample.push;

import io.missive.sdk.ConnectionListener;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import io.missive.sdk.PushRegistration;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * This device's push token and its registration with the server. The platform hands the app a
 * token at every start and whenever it changes: pass it to {@link #tokenChanged(String)}. The
 * token is registered at once when connected, else as soon as the client is caught up; a
 * registration that failed (timeout, lost connection) is tried again at the next catch-up. The
 * server keeps a registration across reconnects, so an unchanged token is registered once.
 *
 * <p>Missive delivers pushes through APNs; see the sample's README for what that means on Android.
 */
public final class PushToken {

    /** Where the registration stands. */
    public enum State {
        /** No token was handed over (or the device signed out). */
        NONE,
        /** A token waits for a connection, or its registration is on its way. */
        PENDING,
        /** The server has the current token. */
        REGISTERED,
        /** The server refused the token ({@code INVALID_ARGUMENT}); a new token is needed. */
        REFUSED
    }

    @FunctionalInterface
    public interface Listener {
        void onStateChanged(@NotNull State state);
    }

    private final @NotNull MissiveClient client;
    private final @NotNull String topic;
    private final @NotNull Executor callbacks;
    private final @NotNull List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final @NotNull ConnectionListener catchUp = new ConnectionListener() {
        @Override
        public void onConnectionLost(final @NotNull MissiveException cause) {
        }

        @Override
        public void onSynced() {
            registerIfPending();
        }
    };
    private @Nullable String token;
    private @Nullable String registeredToken;
    private boolean inFlight;
    private @NotNull State state = State.NONE;

    private PushToken(final @NotNull MissiveClient client, final @NotNull String topic,
                      final @NotNull Executor callbacks) {
        this.client = client;
        this.topic = topic;
        this.callbacks = callbacks;
    }

    /**
     * @param topic the app's id, sent with the registration
     * @throws IllegalArgumentException for a topic the server does not accept
     */
    public static @NotNull PushToken attach(final @NotNull MissiveClient client, final @NotNull String topic,
                                            final @NotNull Executor callbacks) {
        if (!PushRegistration.isValidTopic(topic)) {
            throw new IllegalArgumentException("not a valid push topic: " + topic);
        }
        final PushToken push = new PushToken(client, topic, callbacks);
        client.addConnectionListener(push.catchUp);
        return push;
    }

    public void detach() {
        client.removeConnectionListener(catchUp);
    }

    /**
     * @param token the token as hex digits
     * @throws IllegalArgumentException for a token the server does not accept
     */
    public void tokenChanged(final @NotNull String token) {
        if (!PushRegistration.isValidApnsToken(token)) {
            throw new IllegalArgumentException("not a push token: 16 to 200 hex digits, an even count");
        }
        synchronized (this) {
            this.token = token;
            if (!token.equals(registeredToken)) {
                setState(State.PENDING);
            }
        }
        if (client.isConnected()) {
            registerIfPending();
        }
    }

    /** Removes the registration (before signing out); the token is forgotten even when this fails. */
    public @NotNull CompletableFuture<PushRegistration> unregister() {
        synchronized (this) {
            token = null;
            registeredToken = null;
            setState(State.NONE);
        }
        return client.unregisterPush();
    }

    public synchronized @NotNull State state() {
        return state;
    }

    /** Called on the callback executor at every change; it is told the current state at once. */
    public void addListener(final @NotNull Listener listener) {
        listeners.add(listener);
        final State now = state();
        callbacks.execute(() -> listener.onStateChanged(now));
    }

    public void removeListener(final @NotNull Listener listener) {
        listeners.remove(listener);
    }

    private void registerIfPending() {
        final String sending;
        synchronized (this) {
            if (token == null || token.equals(registeredToken) || inFlight || state == State.REFUSED) {
                return;
            }
            sending = token;
            inFlight = true;
        }
        client.registerPush(sending, topic, false).whenComplete((registration, failure) -> {
            final boolean again;
            synchronized (this) {
                inFlight = false;
                if (failure == null && registration.registered()) {
                    registeredToken = sending;
                } else if (sending.equals(token) && refused(failure)) {
                    setState(State.REFUSED);
                }
                if (sending.equals(token) && sending.equals(registeredToken)) {
                    setState(State.REGISTERED);
                }
                // the token changed while this one was on its way
                again = token != null && !token.equals(sending) && client.isConnected();
            }
            if (again) {
                registerIfPending();
            }
        });
    }

    private static boolean refused(final @Nullable Throwable failure) {
        final Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        return cause instanceof MissiveException && !((MissiveException) cause).isRetryable();
    }

    private void setState(final @NotNull State next) {
        if (state == next) {
            return;
        }
        state = next;
        for (final Listener listener : listeners) {
            callbacks.execute(() -> listener.onStateChanged(next));
        }
    }
}
