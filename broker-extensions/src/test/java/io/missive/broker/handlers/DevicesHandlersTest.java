package io.missive.broker.handlers;

import io.missive.broker.request.Identity;
import io.missive.protocol.v1.DeviceInfo;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.ListDevices;
import io.missive.protocol.v1.RevokeDevice;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Listing and revoking devices through the real handler and store; the broker's disconnect is recorded. */
class DevicesHandlersTest {

    private static final Extension extension = Extension.shared();

    private static List<DeviceInfo> devices(final Identity asker) {
        return extension.request(asker, Uplink.newBuilder().setListDevices(ListDevices.getDefaultInstance()).build())
                .reply().getDevices().getDevicesList();
    }

    private static Uplink revoke(final String deviceId) {
        return Uplink.newBuilder().setRevokeDevice(RevokeDevice.newBuilder().setDeviceId(deviceId)).build();
    }

    @Test
    void a_revoked_device_loses_its_token_and_its_connection() {
        final String nia = extension.user("nia");
        final Identity phone = extension.device(nia, "nia-phone");
        extension.device(nia, "nia-laptop");

        final Extension.Answer answer = extension.request(phone, revoke("nia-laptop"));

        assertThat(answer.refusal()).isNull();
        assertThat(answer.reply().getDeviceRevoked().getDeviceId()).isEqualTo("nia-laptop");
        assertThat(extension.disconnected()).contains("nia-laptop").doesNotContain("nia-phone");
        assertThat(devices(phone)).extracting(DeviceInfo::getDeviceId, DeviceInfo::getActive, DeviceInfo::getCurrent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nia-laptop", false, false),
                        org.assertj.core.groups.Tuple.tuple("nia-phone", true, true));
    }

    @Test
    void another_users_device_is_answered_like_an_unknown_one_and_nothing_is_closed() {
        final Identity ola = extension.device(extension.user("ola"), "ola-phone");
        extension.device(extension.user("pat"), "pat-phone");

        final Extension.Answer foreign = extension.request(ola, revoke("pat-phone"));
        final Extension.Answer unknown = extension.request(ola, revoke("no-such-device"));

        assertThat(foreign.reply().getError().getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(unknown.reply().getError().getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(foreign.reply().getError().getMessage().replace("pat-phone", "X"))
                .isEqualTo(unknown.reply().getError().getMessage().replace("no-such-device", "X"));
        assertThat(extension.disconnected()).doesNotContain("pat-phone", "no-such-device");
        assertThat(devices(new Identity("pat", "pat-phone"))).extracting(DeviceInfo::getActive).containsExactly(true);
    }
}
