package io.missive.broker.device;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoMap;
import io.missive.broker.request.RequestCase;
import io.missive.broker.request.RequestHandler;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

/** A user's devices: listing them and revoking one. */
public final class DeviceModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(DevicesHandler.class);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.LIST_DEVICES)
    @NotNull RequestHandler listDevices(final @NotNull DevicesHandler devices) {
        return (device, uplink) -> devices.list(device)
                .thenApply(list -> Reply.newBuilder().setDevices(list).build());
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.REVOKE_DEVICE)
    @NotNull RequestHandler revokeDevice(final @NotNull DevicesHandler devices) {
        return (device, uplink) -> devices.revoke(device, uplink.getRevokeDevice())
                .thenApply(revoked -> Reply.newBuilder().setDeviceRevoked(revoked).build());
    }
}
