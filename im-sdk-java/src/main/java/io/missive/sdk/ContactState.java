package io.missive.sdk;

/** The user's relation to another user. */
public enum ContactState {

    /** No relation (also after a request was declined or withdrawn, a contact removed, or a user unblocked). */
    NONE,
    /** The user asked the other user to become a contact and waits for an answer. */
    REQUEST_SENT,
    /** The other user asked the user; {@link MissiveClient#acceptContact(String)} accepts. */
    REQUEST_RECEIVED,
    /** Both are contacts: each may follow the other's presence. */
    ACCEPTED,
    /** The user blocked the other user: they can no longer message the user or see their presence. */
    BLOCKED
}
