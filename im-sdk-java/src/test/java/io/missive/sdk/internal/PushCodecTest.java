package io.missive.sdk.internal;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.DeviceList;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import io.missive.sdk.PushRegistration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushCodecTest {

    @Test
    void push_requests_carry_token_topic_and_environment_through_the_wire() throws Exception {
        final String token = "0123456789ABCDEFabcdef0123456789";
        final Uplink register = Uplink.parseFrom(PushCodec.registerPush(token, "com.example.chat", true).toByteArray());

        assertThat(register.getBodyCase()).isEqualTo(Uplink.BodyCase.REGISTER_PUSH);
        assertThat(register.getRegisterPush().getApnsToken()).isEqualTo(token);
        assertThat(register.getRegisterPush().getTopic()).isEqualTo("com.example.chat");
        assertThat(register.getRegisterPush().getSandbox()).isTrue();
        assertThat(Uplink.parseFrom(PushCodec.registerPush(token, "com.example.chat", false).toByteArray())
                .getRegisterPush().getSandbox()).isFalse();
        assertThat(Uplink.parseFrom(PushCodec.unregisterPush().toByteArray()).getBodyCase())
                .isEqualTo(Uplink.BodyCase.UNREGISTER_PUSH);
    }

    @Test
    void push_replies_become_the_registration_and_errors_keep_their_code() throws Exception {
        final Reply registered = Reply.parseFrom(Reply.newBuilder().setPush(io.missive.protocol.v1.PushRegistration
                .newBuilder().setRegistered(true).setTopic("com.example.chat").setSandbox(true)).build().toByteArray());
        final Reply production = Reply.newBuilder().setPush(io.missive.protocol.v1.PushRegistration.newBuilder()
                .setRegistered(true).setTopic("com.example.chat")).build();
        final Reply none = Reply.newBuilder().setPush(io.missive.protocol.v1.PushRegistration.getDefaultInstance())
                .build();

        assertThat(PushCodec.toPushRegistration(registered))
                .isEqualTo(PushRegistration.of(true, "com.example.chat", true));
        assertThat(PushCodec.toPushRegistration(production)).satisfies(p -> {
            assertThat(p.registered()).isTrue();
            assertThat(p.topic()).isEqualTo("com.example.chat");
            assertThat(p.sandbox()).isFalse();
        });
        assertThat(PushCodec.toPushRegistration(none)).isEqualTo(PushRegistration.notRegistered());
        assertThat(PushCodec.toPushRegistration(none).registered()).isFalse();

        assertThatThrownBy(() -> PushCodec.toPushRegistration(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.INVALID_ARGUMENT).setMessage("not an APNs token")).build()))
                .isInstanceOfSatisfying(MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("not an APNs token");
                    assertThat(e.isRetryable()).isFalse();
                });
        assertThatThrownBy(() -> PushCodec.toPushRegistration(Reply.newBuilder().setDevices(DeviceList
                .getDefaultInstance()).build()))
                .isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSPECIFIED));
    }
}
