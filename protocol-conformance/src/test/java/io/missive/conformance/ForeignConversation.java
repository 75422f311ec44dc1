package io.missive.conformance;

import io.missive.protocol.Ids;
import org.jetbrains.annotations.NotNull;

/**
 * The kinds of conversation id that do not name a conversation the asking user belongs to. Every
 * request that takes a conversation id answers each of them with NOT_A_MEMBER (PUBACK 0x87),
 * the same whether or not the conversation exists.
 */
enum ForeignConversation {

    UNKNOWN_GROUP {
        @Override
        @NotNull String id(final @NotNull String userId, final @NotNull Strangers strangers) {
            return Strangers.unknownGroup();
        }
    },
    SOMEONE_ELSES_DIRECT {
        @Override
        @NotNull String id(final @NotNull String userId, final @NotNull Strangers strangers) {
            return strangers.direct();
        }
    },
    SOMEONE_ELSES_GROUP {
        @Override
        @NotNull String id(final @NotNull String userId, final @NotNull Strangers strangers) {
            return strangers.group();
        }
    },
    DIRECT_WITH_A_USER_WHO_DOES_NOT_EXIST {
        @Override
        @NotNull String id(final @NotNull String userId, final @NotNull Strangers strangers) {
            return Ids.directConversation(userId, Strangers.unknownUser());
        }
    },
    DIRECT_NAMING_THE_USER_TWICE {
        @Override
        @NotNull String id(final @NotNull String userId, final @NotNull Strangers strangers) {
            return "dm:" + userId + ":" + userId;
        }
    },
    DIRECT_IN_THE_WRONG_ORDER {
        @Override
        @NotNull String id(final @NotNull String userId, final @NotNull Strangers strangers) {
            return "dm:" + strangers.dave() + ":" + strangers.carol();
        }
    },
    GARBAGE {
        @Override
        @NotNull String id(final @NotNull String userId, final @NotNull Strangers strangers) {
            return "no such conversation/#";
        }
    };

    /** The id of this kind for a request of {@code userId}. */
    abstract @NotNull String id(@NotNull String userId, @NotNull Strangers strangers);
}
