package io.missive.server;

import com.codahale.metrics.Gauge;
import org.jetbrains.annotations.NotNull;

/** Reads the extension's gauges (prefix {@code io.missive.}) from the broker's metric registry. */
public final class ExtensionMetrics {

    public static final @NotNull String MONGO_COMMANDS = "io.missive.mongo.commands";
    public static final @NotNull String REDIS_COMMANDS = "io.missive.redis.commands";
    public static final @NotNull String AWAITING_RECONCILIATION = "io.missive.counters.users-awaiting-reconciliation";
    public static final @NotNull String PUSH_SENT = "io.missive.push.sent";
    public static final @NotNull String PUSH_RETRIED = "io.missive.push.retried";
    public static final @NotNull String PUSH_DROPPED = "io.missive.push.dropped";
    public static final @NotNull String PUSH_PENDING = "io.missive.push.pending";
    public static final @NotNull String PUSH_TOKENS_REMOVED = "io.missive.push.tokens-removed";
    public static final @NotNull String PUSH_CREDENTIAL_REFUSALS = "io.missive.push.credential-refusals";

    private ExtensionMetrics() {
    }

    public static long gauge(final @NotNull TestServer server, final @NotNull String name) {
        final Gauge<?> gauge = server.server().metrics().getGauges().get(name);
        if (gauge == null) {
            throw new IllegalStateException("the extension registered no " + name + " metric");
        }
        return ((Number) gauge.getValue()).longValue();
    }
}
