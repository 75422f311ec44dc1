package io.missive.sdk;

/** A member's role in a group. */
public enum Role {

    /** Reads and writes messages; may leave. */
    MEMBER,
    /** Also adds and removes members and renames the group. */
    ADMIN,
    /** The one owner: also makes members admins (or plain members again) and hands ownership on. */
    OWNER
}
