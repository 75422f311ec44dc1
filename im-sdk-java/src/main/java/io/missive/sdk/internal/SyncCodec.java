package io.missive.sdk.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncAck;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncPage;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * The wire form of reading and acknowledging the user's sync stream, and of the stream's events and
 * pages. Stateless.
 */
final class SyncCodec {

    private SyncCodec() {
    }

    static @NotNull Uplink syncRequest(final long afterVersion, final int limit) {
        return Uplink.newBuilder()
                .setSync(SyncRequest.newBuilder().setAfterVersion(afterVersion).setLimit(limit))
                .build();
    }

    /**
     * @throws StreamTooFarBehind when the server no longer holds the requested part of the stream
     * @throws MissiveException   when the reply is another error or not a sync page
     */
    static @NotNull SyncPage toSyncPage(final @NotNull Reply reply) {
        if (reply.getBodyCase() == Reply.BodyCase.SYNC) {
            return reply.getSync();
        }
        if (reply.getBodyCase() == Reply.BodyCase.ERROR
                && reply.getError().getCode() == io.missive.protocol.v1.ErrorCode.TOO_FAR_BEHIND) {
            final io.missive.protocol.v1.Error error = reply.getError();
            throw new StreamTooFarBehind(error.getMessage().isEmpty()
                    ? "the server no longer holds the stream after this device's cursor"
                    : error.getMessage(), error.getLatestVersion());
        }
        throw WireCodec.unexpected(reply, null);
    }

    static @NotNull Uplink syncAck(final long version) {
        return Uplink.newBuilder().setSyncAck(SyncAck.newBuilder().setVersion(version)).build();
    }

    /** @return the event, or null when the payload is not a readable sync event */
    static @Nullable SyncEvent parseSyncEvent(final @NotNull byte[] payload) {
        try {
            return SyncEvent.parseFrom(payload);
        } catch (final InvalidProtocolBufferException e) {
            return null;
        }
    }

    /** @return the reply, or null when the payload is not a readable reply */
    static @Nullable Reply parseReply(final @NotNull byte[] payload) {
        try {
            return Reply.parseFrom(payload);
        } catch (final InvalidProtocolBufferException e) {
            return null;
        }
    }
}
