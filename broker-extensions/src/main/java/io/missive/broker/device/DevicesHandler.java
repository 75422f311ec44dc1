package io.missive.broker.device;

import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.missive.broker.request.Identity;
import io.missive.broker.request.RequestException;
import io.missive.broker.sync.CursorWrites;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.DeviceInfo;
import io.missive.protocol.v1.DeviceList;
import io.missive.protocol.v1.DeviceRevoked;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.RevokeDevice;
import io.missive.storage.MongoStores;
import io.missive.storage.device.Device;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.Comparator;
import java.util.concurrent.CompletableFuture;

/** A user's devices: list them, revoke one (its token stops working and it is disconnected). */
@Singleton
public final class DevicesHandler {

    private final @NotNull MongoStores stores;
    private final @NotNull ClientService clients;
    private final @NotNull CursorWrites cursors;

    @Inject
    public DevicesHandler(final @NotNull MongoStores stores, final @NotNull ClientService clients,
                          final @NotNull CursorWrites cursors) {
        this.stores = stores;
        this.clients = clients;
        this.cursors = cursors;
    }

    public @NotNull CompletableFuture<DeviceList> list(final @NotNull Identity asker) {
        return stores.devices().ofUser(asker.userId()).thenApply(devices -> {
            final DeviceList.Builder list = DeviceList.newBuilder();
            devices.stream().sorted(Comparator.comparing(Device::deviceId)).forEach(d -> list.addDevices(
                    DeviceInfo.newBuilder()
                            .setDeviceId(d.deviceId())
                            .setCreatedMs(d.createdAtMs())
                            .setLastLoginMs(d.lastLoginAtMs())
                            .setAckedVersion(Math.max(d.ackedVersion(),
                                    cursors.pending(d.deviceId()).orElse(0)))
                            .setActive(d.tokenHash() != null)
                            .setPushRegistered(d.push() != null)
                            .setCurrent(d.deviceId().equals(asker.deviceId()))));
            return list.build();
        });
    }

    /**
     * Revokes one of the asker's own devices. A device id of another user's device is answered
     * exactly like an unknown one, so nobody learns which device ids exist.
     */
    public @NotNull CompletableFuture<DeviceRevoked> revoke(final @NotNull Identity asker,
                                                            final @NotNull RevokeDevice request) {
        final String deviceId = request.getDeviceId();
        if (!Ids.isValidDeviceId(deviceId)) {
            throw new RequestException(ErrorCode.INVALID_ARGUMENT, "device_id is not a valid device id");
        }
        return stores.devices().find(deviceId).thenCompose(device -> {
            if (device.isEmpty() || !device.get().userId().equals(asker.userId())) {
                throw new RequestException(ErrorCode.NOT_FOUND, "you have no device '" + deviceId + "'");
            }
            cursors.forget(deviceId);
            return stores.devices().revokeToken(deviceId);
        }).thenApply(revoked -> {
            // A device revoking itself may be disconnected before its reply reaches it (documented):
            // the disconnect is asked for as the reply is handed to the broker, not after it arrived.
            clients.disconnectClient(deviceId, false, DisconnectReasonCode.NOT_AUTHORIZED, "device revoked");
            return DeviceRevoked.newBuilder().setDeviceId(deviceId).build();
        });
    }
}
