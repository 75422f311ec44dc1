package io.missive.sdk;

/** What kind of conversation a {@link ConversationSummary} describes. */
public enum ConversationType {

    /** A 1:1 conversation ("dm:" + the two user ids). */
    DIRECT,
    /** A group ("g:" + a generated id); its messages are delivered per group, ordered by seq. */
    GROUP
}
