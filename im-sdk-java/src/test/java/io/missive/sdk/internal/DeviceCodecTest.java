package io.missive.sdk.internal;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.DeviceList;
import io.missive.protocol.v1.DeviceRevoked;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.DeviceInfo;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceCodecTest {

    @Test
    void revoke_and_list_requests_carry_their_fields() {
        assertThat(DeviceCodec.revokeDevice("old-phone").getRevokeDevice().getDeviceId()).isEqualTo("old-phone");
        assertThat(DeviceCodec.listDevices().getBodyCase()).isEqualTo(Uplink.BodyCase.LIST_DEVICES);
    }

    @Test
    void device_list_keeps_every_field() {
        final Reply reply = Reply.newBuilder().setDevices(DeviceList.newBuilder()
                .addDevices(io.missive.protocol.v1.DeviceInfo.newBuilder().setDeviceId("alice-phone")
                        .setCreatedMs(1_000).setLastLoginMs(2_000).setAckedVersion(17).setActive(true).setCurrent(true)
                        .setPushRegistered(true))
                .addDevices(io.missive.protocol.v1.DeviceInfo.newBuilder().setDeviceId("alice-old")
                        .setCreatedMs(500)))
                .build();

        final List<DeviceInfo> devices = DeviceCodec.toDevices(reply);

        assertThat(devices).containsExactly(
                DeviceInfo.of("alice-phone", Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_000), 17, true, true,
                        true),
                DeviceInfo.of("alice-old", Instant.ofEpochMilli(500), null, 0, false, false));
        assertThat(devices).extracting(DeviceInfo::pushRegistered).containsExactly(true, false);
        assertThat(DeviceCodec.toRevoked(Reply.newBuilder().setDeviceRevoked(DeviceRevoked.newBuilder()
                .setDeviceId("alice-old")).build())).isNull();
        assertThatThrownBy(() -> DeviceCodec.toRevoked(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.NOT_FOUND)).build()))
                .isInstanceOfSatisfying(MissiveException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
