package io.missive.sdk.internal;

import io.missive.protocol.v1.RegisterPush;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.UnregisterPush;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.MissiveException;
import io.missive.sdk.PushRegistration;
import org.jetbrains.annotations.NotNull;

/**
 * The wire form of registering this device for push notifications and removing it, and of their
 * replies. Stateless.
 */
final class PushCodec {

    private PushCodec() {
    }

    static @NotNull Uplink registerPush(final @NotNull String apnsToken, final @NotNull String topic,
                                        final boolean sandbox) {
        return Uplink.newBuilder()
                .setRegisterPush(RegisterPush.newBuilder().setApnsToken(apnsToken).setTopic(topic).setSandbox(sandbox))
                .build();
    }

    static @NotNull Uplink unregisterPush() {
        return Uplink.newBuilder().setUnregisterPush(UnregisterPush.getDefaultInstance()).build();
    }

    /** @throws MissiveException when the reply is an error or not a push registration */
    static @NotNull PushRegistration toPushRegistration(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.PUSH) {
            throw WireCodec.unexpected(reply, null);
        }
        final io.missive.protocol.v1.PushRegistration push = reply.getPush();
        return PushRegistration.of(push.getRegistered(), push.getTopic(), push.getSandbox());
    }
}
