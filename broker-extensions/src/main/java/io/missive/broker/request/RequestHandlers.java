package io.missive.broker.request;

import io.missive.protocol.v1.Uplink;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The handler of every request case, as the feature modules register them ({@link RequestCase}).
 * Complete or not built at all: a case without a handler (a request added to the protocol that no
 * feature answers yet) stops the extension's start, so that no device finds it refused as
 * UNKNOWN_REQUEST at run time. A case registered twice stops the start too: Guice refuses the
 * duplicate key.
 */
@Singleton
public final class RequestHandlers {

    private final @NotNull Map<Uplink.BodyCase, RequestHandler> handlers;

    @Inject
    public RequestHandlers(final @NotNull Map<Uplink.BodyCase, RequestHandler> handlers) {
        requireEveryCase(handlers.keySet());
        this.handlers = new EnumMap<>(handlers);
    }

    /** The handler of a request case; null for an uplink that carries no request this server knows. */
    public @Nullable RequestHandler of(final @NotNull Uplink.BodyCase request) {
        return handlers.get(request);
    }

    /** Throws unless the cases are every request case of the protocol, and no more. */
    static void requireEveryCase(final @NotNull Set<Uplink.BodyCase> registered) {
        if (registered.contains(Uplink.BodyCase.BODY_NOT_SET)) {
            throw new IllegalStateException("a request handler is registered for BODY_NOT_SET, which is no request");
        }
        final Set<Uplink.BodyCase> missing = EnumSet.complementOf(EnumSet.of(Uplink.BodyCase.BODY_NOT_SET));
        missing.removeAll(registered);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no request handler for " + missing
                    + ": each request case of Uplink needs one, registered by its feature's module");
        }
    }
}
