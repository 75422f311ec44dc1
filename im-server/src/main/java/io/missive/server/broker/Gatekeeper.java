package io.missive.server.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.client.parameter.ServerInformation;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps the broker closed unless the Missive extension admits a client: an embedded extension whose
 * authenticator refuses every connection.
 *
 * <p>Why this is needed: embedded HiveMQ turns "deny unauthenticated connections" off, so with no
 * authenticator registered at all every client is let in. If the Missive extension fails to start
 * (bad configuration, MongoDB unreachable, disabled by HiveMQ) this authenticator is the only one
 * left, and every CONNECT is refused with SERVER_UNAVAILABLE.
 *
 * <p>How HiveMQ chains authenticators (checked in HiveMQ CE 2025.5, {@code AuthenticatorsImpl},
 * {@code ExtensionPriorityComparator}, {@code PluginAuthenticatorServiceImpl}, {@code AuthContext},
 * {@code AbstractAuthTask}): each extension registers at most one authenticator provider, kept in a
 * map ordered by the extension's {@code <priority>}, HIGHER FIRST (ties by extension id). For every
 * CONNECT the authenticators run one after the other in that order; as soon as one of them decides
 * (succeeds or fails the authentication) the state is final and the remaining ones are skipped.
 * Only {@code nextExtensionOrDefault()} (or an async timeout with fallback SUCCESS) passes the client
 * on to the next one; an authenticator that returns without deciding, or throws, fails the client.
 *
 * <p>The Missive extension has priority 1000 and always decides itself, so while it runs this
 * authenticator ({@link Integer#MIN_VALUE}, the lowest priority) is never reached. This extension
 * also has the lowest start priority, so it starts after the Missive extension and sees whether that
 * one was enabled ({@link #sawEnabled(String)}).
 *
 * <p>Registered only as an embedded extension instance, never through {@code META-INF/services}: a
 * service file on the application class path would make HiveMQ see two {@code ExtensionMain}s in the
 * Missive extension's folder and disable it.
 */
public final class Gatekeeper implements ExtensionMain {

    public static final @NotNull String ID = "missive-gatekeeper";
    public static final @NotNull String REASON = "Missive extension is not running";

    /** Stateless and shared by every client, which is safe: it refuses everyone the same way. */
    private static final @NotNull SimpleAuthenticator REFUSE_ALL =
            (input, output) -> output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, REASON);

    private volatile @Nullable ServerInformation serverInformation;
    private volatile @NotNull Set<String> enabledBeforeStart = Set.of();

    /** This gatekeeper, wrapped for {@code EmbeddedHiveMQBuilder.withEmbeddedExtension}. */
    public @NotNull EmbeddedExtension asEmbeddedExtension() {
        return EmbeddedExtension.builder()
                .withId(ID)
                .withName("Missive gatekeeper")
                .withVersion("1")
                .withPriority(Integer.MIN_VALUE)
                .withStartPriority(Integer.MIN_VALUE)
                .withExtensionMain(this)
                .build();
    }

    @Override
    public void extensionStart(final @NotNull ExtensionStartInput input, final @NotNull ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> REFUSE_ALL);
        serverInformation = input.getServerInformation();
        enabledBeforeStart = Set.copyOf(input.getEnabledExtensions().keySet());
    }

    /** Whether a client with this id has a connection to the broker now. */
    public @NotNull CompletableFuture<Boolean> isConnected(final @NotNull String clientId) {
        return Services.clientService().isClientConnected(clientId).toCompletableFuture();
    }

    @Override
    public void extensionStop(final @NotNull ExtensionStopInput input, final @NotNull ExtensionStopOutput output) {
        // HiveMQ unregisters the authenticator provider itself
    }

    /** True when the extension was enabled (started successfully) before this one started. */
    public boolean sawEnabled(final @NotNull String extensionId) {
        return enabledBeforeStart.contains(extensionId);
    }

    /** The port a listener is bound to, once HiveMQ has started (resolves port 0 to the actual port). */
    public @NotNull OptionalInt listenerPort(final @NotNull String listenerName) {
        final ServerInformation information = serverInformation;
        if (information == null) {
            return OptionalInt.empty();
        }
        for (final Listener listener : information.getListener()) {
            if (listener.getName().equals(listenerName)) {
                return OptionalInt.of(listener.getPort());
            }
        }
        return OptionalInt.empty();
    }
}
