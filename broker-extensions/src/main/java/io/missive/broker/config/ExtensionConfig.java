package io.missive.broker.config;

import org.jetbrains.annotations.NotNull;

/** The validated configuration of the extension. */
public final class ExtensionConfig {

    private final @NotNull String mongoUri;
    private final @NotNull String mongoDatabase;
    private final int maxPayloadBytes;
    private final boolean selfRegistration;
    private final int maxFailedAttempts;
    private final int lockoutMaxSeconds;
    private final int historyMaxLimit;
    private final @NotNull SyncSettings sync;
    private final int maxGroupMembers;
    private final @NotNull Extras extras;
    private final @NotNull PushSettings push;
    private final @NotNull RateLimitSettings rateLimits;
    private final @NotNull LinkSettings links;
    private final @NotNull ClusterSettings cluster;

    /** {@code groups.max-members} when not configured. */
    public static final int DEFAULT_MAX_GROUP_MEMBERS = 10_000;

    public ExtensionConfig(final @NotNull String mongoUri, final @NotNull String mongoDatabase,
                           final int maxPayloadBytes, final boolean selfRegistration, final int maxFailedAttempts,
                           final int lockoutMaxSeconds, final int historyMaxLimit) {
        this(mongoUri, mongoDatabase, maxPayloadBytes, selfRegistration, maxFailedAttempts, lockoutMaxSeconds,
                historyMaxLimit, SyncSettings.DEFAULTS);
    }

    public ExtensionConfig(final @NotNull String mongoUri, final @NotNull String mongoDatabase,
                           final int maxPayloadBytes, final boolean selfRegistration, final int maxFailedAttempts,
                           final int lockoutMaxSeconds, final int historyMaxLimit, final @NotNull SyncSettings sync) {
        this(mongoUri, mongoDatabase, maxPayloadBytes, selfRegistration, maxFailedAttempts, lockoutMaxSeconds,
                historyMaxLimit, sync, DEFAULT_MAX_GROUP_MEMBERS);
    }

    public ExtensionConfig(final @NotNull String mongoUri, final @NotNull String mongoDatabase,
                           final int maxPayloadBytes, final boolean selfRegistration, final int maxFailedAttempts,
                           final int lockoutMaxSeconds, final int historyMaxLimit, final @NotNull SyncSettings sync,
                           final int maxGroupMembers) {
        this(mongoUri, mongoDatabase, maxPayloadBytes, selfRegistration, maxFailedAttempts, lockoutMaxSeconds,
                historyMaxLimit, sync, maxGroupMembers, Extras.DEFAULTS, PushSettings.OFF, RateLimitSettings.DEFAULTS,
                LinkSettings.OFF, ClusterSettings.DEFAULTS);
    }

    private ExtensionConfig(final @NotNull String mongoUri, final @NotNull String mongoDatabase,
                            final int maxPayloadBytes, final boolean selfRegistration, final int maxFailedAttempts,
                            final int lockoutMaxSeconds, final int historyMaxLimit, final @NotNull SyncSettings sync,
                            final int maxGroupMembers, final @NotNull Extras extras,
                            final @NotNull PushSettings push, final @NotNull RateLimitSettings rateLimits,
                            final @NotNull LinkSettings links, final @NotNull ClusterSettings cluster) {
        this.cluster = cluster;
        this.extras = extras;
        this.links = links;
        this.rateLimits = rateLimits;
        this.push = push;
        this.sync = sync;
        this.maxGroupMembers = maxGroupMembers;
        this.mongoUri = mongoUri;
        this.mongoDatabase = mongoDatabase;
        this.maxPayloadBytes = maxPayloadBytes;
        this.selfRegistration = selfRegistration;
        this.maxFailedAttempts = maxFailedAttempts;
        this.lockoutMaxSeconds = lockoutMaxSeconds;
        this.historyMaxLimit = historyMaxLimit;
    }

    /** {@code mongo.uri}: MongoDB connection string (replica set, sharded cluster or the embedded store). */
    public @NotNull String mongoUri() {
        return mongoUri;
    }

    /** {@code mongo.database}. */
    public @NotNull String mongoDatabase() {
        return mongoDatabase;
    }

    /** {@code limits.max-payload-bytes}: largest uplink payload accepted. */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** {@code auth.self-registration}: may a CONNECT create its user. */
    public boolean selfRegistration() {
        return selfRegistration;
    }

    /** {@code auth.max-failed-attempts}: consecutive password failures before logins of the user are slowed. */
    public int maxFailedAttempts() {
        return maxFailedAttempts;
    }

    /** {@code auth.lockout-max-seconds}: the longest pause imposed after repeated failures. */
    public int lockoutMaxSeconds() {
        return lockoutMaxSeconds;
    }

    /** {@code sync.*}: retention and retransmission of sync streams. */
    public @NotNull SyncSettings sync() {
        return sync;
    }

    /** {@code history.max-limit}: the largest history page. */
    public int historyMaxLimit() {
        return historyMaxLimit;
    }

    /** {@code groups.max-members}: the most members a group may have. */
    public int maxGroupMembers() {
        return maxGroupMembers;
    }

    /** This configuration with other Redis, counter, read-receipt, presence and health-check settings. */
    public @NotNull ExtensionConfig with(final @NotNull Extras settings) {
        return new ExtensionConfig(mongoUri, mongoDatabase, maxPayloadBytes, selfRegistration, maxFailedAttempts,
                lockoutMaxSeconds, historyMaxLimit, sync, maxGroupMembers, settings, push, rateLimits, links, cluster);
    }

    /** This configuration with other push settings. */
    public @NotNull ExtensionConfig with(final @NotNull PushSettings settings) {
        return new ExtensionConfig(mongoUri, mongoDatabase, maxPayloadBytes, selfRegistration, maxFailedAttempts,
                lockoutMaxSeconds, historyMaxLimit, sync, maxGroupMembers, extras, settings, rateLimits, links, cluster);
    }

    /** This configuration with other rate limits. */
    public @NotNull ExtensionConfig with(final @NotNull RateLimitSettings settings) {
        return new ExtensionConfig(mongoUri, mongoDatabase, maxPayloadBytes, selfRegistration, maxFailedAttempts,
                lockoutMaxSeconds, historyMaxLimit, sync, maxGroupMembers, extras, push, settings, links, cluster);
    }

    /** This configuration with another link policy. */
    public @NotNull ExtensionConfig with(final @NotNull LinkSettings settings) {
        return new ExtensionConfig(mongoUri, mongoDatabase, maxPayloadBytes, selfRegistration, maxFailedAttempts,
                lockoutMaxSeconds, historyMaxLimit, sync, maxGroupMembers, extras, push, rateLimits, settings, cluster);
    }

    /** This configuration with other cluster settings. */
    public @NotNull ExtensionConfig with(final @NotNull ClusterSettings settings) {
        return new ExtensionConfig(mongoUri, mongoDatabase, maxPayloadBytes, selfRegistration, maxFailedAttempts,
                lockoutMaxSeconds, historyMaxLimit, sync, maxGroupMembers, extras, push, rateLimits, links, settings);
    }

    /** {@code cluster.*}: this node's id and heartbeat among the brokers sharing {@code redis.uri}. */
    public @NotNull ClusterSettings cluster() {
        return cluster;
    }

    /** {@code links.*}: the deny list and the link checker of message texts. */
    public @NotNull LinkSettings links() {
        return links;
    }

    /** {@code limits.messages-*} and {@code limits.requests-*}: sends and other requests per device. */
    public @NotNull RateLimitSettings rateLimits() {
        return rateLimits;
    }

    /** {@code push.*}: APNs notifications; {@link PushSettings#OFF} unless a key is configured. */
    public @NotNull PushSettings push() {
        return push;
    }

    /** {@code redis.uri}: the Redis of the unread counters; "" when none is configured (counters off). */
    public @NotNull String redisUri() {
        return extras.redisUri;
    }

    /** {@code counters.flush-ms}: how long counter increments are gathered before one write per conversation. */
    public int counterFlushMs() {
        return extras.counterFlushMs;
    }

    /** {@code groups.read-receipts-max-members}: the largest group whose read positions can be queried per message. */
    public int readReceiptsMaxMembers() {
        return extras.readReceiptsMaxMembers;
    }

    /** {@code presence.debounce-ms}: how long a presence change must hold before followers are told. */
    public int presenceDebounceMs() {
        return extras.presenceDebounceMs;
    }

    /** {@code health.check-interval-ms}: the pause between two rounds of health checks. */
    public int healthCheckIntervalMs() {
        return extras.healthCheckIntervalMs;
    }

    /** Redis, counters, read receipts, presence and health-check settings. */
    public static final class Extras {
        public static final @NotNull Extras DEFAULTS = new Extras("", 200, 500, 2_000, 5_000);

        private final @NotNull String redisUri;
        private final int counterFlushMs;
        private final int readReceiptsMaxMembers;
        private final int presenceDebounceMs;
        private final int healthCheckIntervalMs;

        public Extras(final @NotNull String redisUri, final int counterFlushMs, final int readReceiptsMaxMembers,
                      final int presenceDebounceMs, final int healthCheckIntervalMs) {
            this.healthCheckIntervalMs = healthCheckIntervalMs;
            this.redisUri = redisUri;
            this.counterFlushMs = counterFlushMs;
            this.readReceiptsMaxMembers = readReceiptsMaxMembers;
            this.presenceDebounceMs = presenceDebounceMs;
        }
    }
}
