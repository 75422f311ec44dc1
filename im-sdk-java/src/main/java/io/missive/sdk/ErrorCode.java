package io.missive.sdk;

/**
 * Why a request or a connection failed. The first group mirrors the server's error codes; the
 * second describes failures seen on the client side.
 */
public enum ErrorCode {

    /** The request could not be parsed by the server (also MQTT reason code 0x99). */
    MALFORMED,
    /** The server does not know the request. */
    UNKNOWN_REQUEST,
    /** The request exceeds the server's size limit (also MQTT reason code 0x95). */
    PAYLOAD_TOO_LARGE,
    /** A field is missing or out of range; the exception message says which. */
    INVALID_ARGUMENT,
    /** The user or device may not do this (also MQTT reason code 0x87). */
    NOT_AUTHORIZED,
    /** The user name and password or device token were refused (CONNACK 0x86). */
    BAD_CREDENTIALS,
    /** The conversation or user does not exist. */
    NOT_FOUND,
    /** The user is not a participant of the conversation. */
    NOT_A_MEMBER,
    /** The group would exceed the server's member cap. */
    GROUP_FULL,
    /** One of the two users blocked the other: no messages, no contact request, no presence between them. */
    BLOCKED,
    /** Presence can only be followed for accepted contacts (who have not blocked the user). */
    NOT_A_CONTACT,
    /**
     * The server no longer holds the sync-stream entries after the device's cursor. The client
     * handles this itself (it rebuilds from history, see {@link SyncStore}); apps do not see it.
     */
    TOO_FAR_BEHIND,
    /** The server failed or is unavailable; the request may be retried (sends are idempotent). */
    INTERNAL,
    /**
     * The server refused because of a quota or rate limit (MQTT 0x97, 0x9F), or the client's outbox
     * is full ({@link MissiveClientBuilder#maxPendingSends(int)}); retry later.
     */
    QUOTA_EXCEEDED,
    /**
     * The server is overloaded (its store fell behind) and stored nothing. Retryable: the client
     * sends the same message again by itself after the server's {@link MissiveException#retryAfter()}.
     */
    BUSY,
    /**
     * This device made more requests than the server allows ({@code limits.*}) and nothing was done.
     * Retryable: the client sends the same message again by itself after the server's
     * {@link MissiveException#retryAfter()}; other requests fail with it, to be repeated after that time.
     */
    RATE_LIMITED,
    /**
     * The message links to a domain the server's link policy refuses (its deny list or its link
     * checker); the exception message names the domain and nothing was stored. Not retryable: the
     * same text is refused again (edit the link out and send a new message).
     */
    LINK_REFUSED,
    /** The server refused with a code this version of the SDK does not know. */
    UNSPECIFIED,

    /** No answer arrived within the request timeout. The request may still have succeeded. */
    TIMEOUT,
    /**
     * The client is not connected, the connection was lost, or the client was closed. Sends do not
     * fail with it until the client is closed: they wait in the outbox instead.
     */
    NOT_CONNECTED;

    /**
     * @return true when repeating the same request later may succeed. A send repeated with the same
     *         client message id is stored at most once.
     */
    public boolean isRetryable() {
        return this == INTERNAL || this == QUOTA_EXCEEDED || this == BUSY || this == RATE_LIMITED || this == TIMEOUT
                || this == NOT_CONNECTED;
    }
}
