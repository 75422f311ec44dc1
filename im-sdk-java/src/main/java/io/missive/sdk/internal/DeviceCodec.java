package io.missive.sdk.internal;

import io.missive.protocol.v1.ListDevices;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.RevokeDevice;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.DeviceInfo;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The wire form of listing and revoking the user's devices, and of their replies. Stateless. */
final class DeviceCodec {

    private DeviceCodec() {
    }

    static @NotNull Uplink listDevices() {
        return Uplink.newBuilder().setListDevices(ListDevices.getDefaultInstance()).build();
    }

    /** @throws MissiveException when the reply is an error or not a device list */
    static @NotNull List<DeviceInfo> toDevices(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.DEVICES) {
            throw WireCodec.unexpected(reply, null);
        }
        final List<DeviceInfo> devices = new ArrayList<>(reply.getDevices().getDevicesCount());
        for (final io.missive.protocol.v1.DeviceInfo device : reply.getDevices().getDevicesList()) {
            devices.add(DeviceInfo.of(device.getDeviceId(), Instant.ofEpochMilli(device.getCreatedMs()),
                    device.getLastLoginMs() > 0 ? Instant.ofEpochMilli(device.getLastLoginMs()) : null,
                    device.getAckedVersion(), device.getActive(), device.getCurrent(), device.getPushRegistered()));
        }
        return Collections.unmodifiableList(devices);
    }

    static @NotNull Uplink revokeDevice(final @NotNull String deviceId) {
        return Uplink.newBuilder().setRevokeDevice(RevokeDevice.newBuilder().setDeviceId(deviceId)).build();
    }

    /** @throws MissiveException when the reply is an error or not a revocation */
    static @Nullable Void toRevoked(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.DEVICE_REVOKED) {
            throw WireCodec.unexpected(reply, null);
        }
        return null;
    }
}
