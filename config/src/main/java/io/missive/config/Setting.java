package io.missive.config;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key of Missive, once: its name, default, allowed values and meaning.
 * {@code missive-server} reads all of them; the broker extension reads those marked
 * {@link #readByExtension()} (missive-server writes them, with their effective values, into the
 * extension's {@code conf/missive.properties}).
 *
 * <p>Every key can be overridden by an environment variable: the key upper-cased, with '.' and '-'
 * replaced by '_', prefixed with {@code MISSIVE_} ({@code mqtt.port} ← {@code MISSIVE_MQTT_PORT}).
 * A variable that is set wins over the file even when it is empty; the empty value is then checked
 * like any other (it turns off what may be off, and is refused elsewhere).
 */
public enum Setting {

    MQTT_BIND_ADDRESS("mqtt.bind-address", "127.0.0.1", false, Checks::bindAddress,
            "Address the MQTT and WebSocket listeners bind to."),
    MQTT_PORT("mqtt.port", "1883", false, Checks::port,
            "MQTT over TCP; 0 picks a free port."),
    MQTT_MAX_PACKET_BYTES("mqtt.max-packet-bytes", "1048576", false, Checks.integer(1024, 268_435_460),
            "Largest MQTT packet a client may send; at least limits.max-payload-bytes + 1024."),
    WEBSOCKET_PORT("websocket.port", "", false, ((Check) Checks::port).orEmpty(),
            "MQTT over WebSocket at /mqtt; empty: no WebSocket listener; 0 picks a free port."),
    MQTT_TLS_PORT("mqtt.tls-port", "", false, ((Check) Checks::port).orEmpty(),
            "MQTT over TLS (e.g. 8883); empty: none; 0 picks a free port. Needs tls.cert-file or tls.self-signed."),
    WEBSOCKET_TLS_PORT("websocket.tls-port", "", false, ((Check) Checks::port).orEmpty(),
            "MQTT over secure WebSocket at /mqtt (e.g. 443 or 8443); empty: none; 0 picks a free port."),
    TLS_CERT_FILE("tls.cert-file", "", false, ((Check) Checks::path).orEmpty(),
            "PEM file: the server certificate first, then its chain; used with tls.key-file."),
    TLS_KEY_FILE("tls.key-file", "", false, ((Check) Checks::path).orEmpty(),
            "PEM file: the certificate's private key (PKCS#8, PKCS#1 or SEC1; not encrypted)."),
    TLS_SELF_SIGNED("tls.self-signed", "false", false, Checks::bool,
            "Development: a self-signed certificate made once in <data.dir>/tls; its SHA-256 is logged."),
    TLS_REQUIRED("tls.required", "false", false, Checks::bool,
            "Plain MQTT and WebSocket only on 127.0.0.1: devices on the network must use TLS."),
    HTTP_BIND_ADDRESS("http.bind-address", "127.0.0.1", false, Checks::bindAddress,
            "Address of the HTTP endpoints /metrics and /health."),
    HTTP_PORT("http.port", "8080", false, ((Check) Checks::port).orEmpty(),
            "Port of the HTTP endpoints; empty: none; 0 picks a free port."),
    DATA_DIR("data.dir", "./missive-data", false, Checks::path,
            "Everything missive-server writes: embedded store, embedded Redis, broker files."),
    MONGO_URI("mongo.uri", "", true, Checks::mongoUri,
            "MongoDB connection string; empty: missive-server's embedded store (the extension needs one)."),
    MONGO_DATABASE("mongo.database", "missive", true, Checks::databaseName,
            "MongoDB database name."),
    MONGO_EMBEDDED_PORT("mongo.embedded-port", "27117", false, Checks::port,
            "Loopback port of the embedded store; 0 picks a free port."),
    MONGO_EMBEDDED_FSYNC("mongo.embedded-fsync", "false", false, Checks::bool,
            "Embedded store: force every commit to disk (survives power loss)."),
    REDIS_URI("redis.uri", "", true, Checks::redisUri,
            "Redis of the unread counters and of routing between broker nodes; empty: missive-server's embedded Redis "
                    + "(the extension: no counters, one node)."),
    REDIS_EMBEDDED_PORT("redis.embedded-port", "6479", false, Checks::port,
            "Loopback port of the embedded Redis; 0 picks a free port."),
    LIMITS_MAX_PAYLOAD_BYTES("limits.max-payload-bytes", "65536", true, Checks.integer(64, 16 * 1024 * 1024),
            "Largest message payload a device may send, in bytes."),
    LIMITS_MESSAGES_PER_SECOND("limits.messages-per-second", "20", true, Checks.integer(0, 1_000_000),
            "Sends a device may make per second on average (token bucket); more are answered RATE_LIMITED. 0: no limit."),
    LIMITS_MESSAGES_BURST("limits.messages-burst", "200", true, Checks.integer(1, 10_000_000),
            "Sends a device may make at once, above limits.messages-per-second."),
    LIMITS_REQUESTS_PER_SECOND("limits.requests-per-second", "50", true, Checks.integer(0, 1_000_000),
            "Other requests a device may make per second on average; more are answered RATE_LIMITED. 0: no limit."),
    LIMITS_REQUESTS_BURST("limits.requests-burst", "500", true, Checks.integer(1, 10_000_000),
            "Other requests a device may make at once, above limits.requests-per-second."),
    LIMITS_LOOKUPS_PER_MINUTE("limits.lookups-per-minute", "30", true, Checks.integer(0, 1_000_000),
            "Requests naming other users (contacts, blocks, presence, groups, find conversation) a user may make per"
                    + " minute on average, all devices together; more are answered RATE_LIMITED. 0: no limit."),
    LIMITS_LOOKUPS_BURST("limits.lookups-burst", "60", true, Checks.integer(1, 10_000_000),
            "Lookups of other users a user may make at once, above limits.lookups-per-minute."),
    LIMITS_CONNECTS_PER_SECOND("limits.connects-per-second", "20", true, Checks.integer(0, 1_000_000),
            "Connections one source address may open per second on average; more get CONNACK 0x9F. 0: no limit."),
    LIMITS_CONNECTS_BURST("limits.connects-burst", "200", true, Checks.integer(1, 10_000_000),
            "Connections one source address may open at once, above limits.connects-per-second."),
    LIMITS_CONNECTS_EXEMPT("limits.connects-exempt", "127.0.0.1,::1", true, Checks::addressList,
            "Source addresses without a connect limit (comma-separated IP addresses), e.g. local tools."),
    LINKS_DENY_FILE("links.deny-file", "", true, ((Check) Checks::path).orEmpty(),
            "File of denied domains (one a line, # comments); a link to one of them or a subdomain is refused. "
                    + "Re-read when it changes. Empty: no deny list."),
    LINKS_CHECKER_URL("links.checker-url", "", true, ((Check) Checks::httpUrl).orEmpty(),
            "http(s) URL of a link checker asked about the domains of every message with links; empty: none."),
    LINKS_CHECKER_TIMEOUT_MS("links.checker-timeout-ms", "300", true, Checks.integer(10, 60_000),
            "How long (ms) a send waits for the link checker's answer."),
    LINKS_CHECKER_FAIL("links.checker-fail", "open", true, Checks.oneOf("open", "closed"),
            "Without an answer in time: open lets the message through, closed refuses it (LINK_REFUSED)."),
    AUTH_SELF_REGISTRATION("auth.self-registration", "false", true, Checks::bool,
            "May a device create its own user at first connect."),
    AUTH_MAX_FAILED_ATTEMPTS("auth.max-failed-attempts", "5", true, Checks.integer(1, 1_000),
            "Consecutive failed password logins of a user before further attempts are paused."),
    AUTH_LOCKOUT_MAX_SECONDS("auth.lockout-max-seconds", "60", true, Checks.integer(1, 86_400),
            "Longest such pause, in seconds; it doubles with every further failure."),
    HISTORY_MAX_LIMIT("history.max-limit", "100", true, Checks.integer(1, 1_000),
            "Largest history page a device may request, in messages."),
    SYNC_RETENTION_DAYS("sync.retention-days", "30", true, Checks.integer(1, 3_650),
            "How long sync-stream entries are kept for offline devices, in days."),
    SYNC_MAX_EVENTS_PER_USER("sync.max-events-per-user", "10000", true, Checks.integer(10, 10_000_000),
            "Sync-stream entries kept per user; a device further behind rebuilds from history."),
    SYNC_RETRANSMIT_AFTER_MS("sync.retransmit-after-ms", "5000", true, Checks.integer(100, 600_000),
            "A live event not acknowledged after this long (ms) is sent again."),
    SYNC_MAX_RETRANSMITS("sync.max-retransmits", "3", true, Checks.integer(0, 100),
            "How often in a row, at most."),
    GROUPS_MAX_MEMBERS("groups.max-members", "10000", true, Checks.integer(2, 1_000_000),
            "The most members a group may have."),
    GROUPS_READ_RECEIPTS_MAX_MEMBERS("groups.read-receipts-max-members", "500", true, Checks.integer(2, 100_000),
            "Largest group whose readers can be asked per message."),
    COUNTERS_FLUSH_MS("counters.flush-ms", "200", true, Checks.integer(1, 60_000),
            "Counter increments are gathered this long (ms) before one write per conversation."),
    PRESENCE_DEBOUNCE_MS("presence.debounce-ms", "2000", true, Checks.integer(0, 600_000),
            "A presence change is announced once no other came for this long (ms)."),
    PUSH_APNS_KEY_FILE("push.apns.key-file", "", true, ((Check) Checks::path).orEmpty(),
            "APNs token-auth key (.p8); empty: push is off."),
    PUSH_APNS_KEY_ID("push.apns.key-id", "", true, Checks.appleId("key id of the .p8 key").orEmpty(),
            "Its 10-character key id."),
    PUSH_APNS_TEAM_ID("push.apns.team-id", "", true, Checks.appleId("Apple team id").orEmpty(),
            "Your 10-character Apple team id."),
    PUSH_APNS_SERVER("push.apns.server", "", true, ((Check) Checks::hostPort).orEmpty(),
            "host:port of another APNs server ([v6 address]:port); empty: Apple's."),
    PUSH_APNS_TRUSTED_CERT("push.apns.trusted-cert", "", true, ((Check) Checks::path).orEmpty(),
            "PEM certificates to trust for that server; empty: the JDK's."),
    PUSH_PREVIEW("push.preview", "full", true, Checks.oneOf("full", "sender", "none"),
            "What an alert shows: full, sender or none."),
    PUSH_FLUSH_MS("push.flush-ms", "250", true, Checks.integer(1, 60_000),
            "A conversation's messages are gathered this long (ms) into one notification."),
    PUSH_MAX_IN_FLIGHT("push.max-in-flight", "1000", true, Checks.integer(1, 100_000),
            "Notifications sent and not yet answered, at most."),
    PUSH_MAX_QUEUED("push.max-queued", "10000", true, Checks.integer(1, 10_000_000),
            "Notifications waiting to be sent, at most; more are dropped and counted."),
    PUSH_MAX_ATTEMPTS("push.max-attempts", "5", true, Checks.integer(1, 20),
            "Sends of one notification while APNs is unreachable, throttles or fails."),
    PUSH_RETRY_BASE_MS("push.retry-base-ms", "1000", true, Checks.integer(10, 600_000),
            "The first retry's delay (ms); it doubles with each further one."),
    PUSH_MOCK_APNS("push.mock-apns", "false", false, Checks::bool,
            "Development: missive-server starts a mock APNs server and sends there."),
    PUSH_MOCK_APNS_PORT("push.mock-apns-port", "2197", false, Checks::port,
            "Its port; 0 picks a free port."),
    HEALTH_CHECK_INTERVAL_MS("health.check-interval-ms", "5000", true, Checks.integer(100, 600_000),
            "MongoDB, Redis and APNs are checked this often (ms)."),
    CLUSTER_NODE_ID("cluster.node-id", "", true, ((Check) Checks::nodeId).orEmpty(),
            "This node's id among the brokers sharing one Redis (letters, digits, '-', '_'; at most 40); empty: "
                    + "generated once and kept in the file node-id (missive-server: <data.dir>/node-id)."),
    CLUSTER_HEARTBEAT_MS("cluster.heartbeat-ms", "1000", true, Checks.integer(100, 60_000),
            "Heartbeat (ms): a node's liveness in Redis lasts 2x this and is renewed twice per heartbeat; a node "
                    + "that stops is dead to the others 2x this after its last renewal.");

    private final @NotNull String key;
    private final @NotNull String defaultValue;
    private final boolean readByExtension;
    private final @NotNull Check check;
    private final @NotNull String documentation;

    Setting(final @NotNull String key, final @NotNull String defaultValue, final boolean readByExtension,
            final @NotNull Check check, final @NotNull String documentation) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.readByExtension = readByExtension;
        this.check = check;
        this.documentation = documentation;
    }

    /** The key as written in the properties file, e.g. {@code mqtt.port}. */
    public @NotNull String key() {
        return key;
    }

    public @NotNull String defaultValue() {
        return defaultValue;
    }

    /** True when the broker extension reads this key too (missive-server passes it on). */
    public boolean readByExtension() {
        return readByExtension;
    }

    /** One line saying what the key does. */
    public @NotNull String documentation() {
        return documentation;
    }

    /** The environment variable overriding this key, e.g. {@code MISSIVE_MQTT_PORT}. */
    public @NotNull String envName() {
        return envName(key);
    }

    /** The environment variable overriding a key. */
    public static @NotNull String envName(final @NotNull String key) {
        return "MISSIVE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** What is wrong with a (trimmed) value ("must be ..."), or null when it is allowed. */
    public @Nullable String problem(final @NotNull String value) {
        return check.problem(value);
    }

    /** Values of this key are shown without credentials in messages. */
    public boolean secret() {
        return this == MONGO_URI || this == REDIS_URI;
    }

    /** The value as it may be shown in a message or a log. */
    public @NotNull String shown(final @NotNull String value) {
        return secret() ? Checks.redactCredentials(value) : value;
    }

    public static @NotNull Optional<Setting> byKey(final @NotNull String key) {
        for (final Setting candidate : values()) {
            if (candidate.key.equals(key)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
