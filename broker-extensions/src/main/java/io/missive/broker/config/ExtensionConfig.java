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
}
