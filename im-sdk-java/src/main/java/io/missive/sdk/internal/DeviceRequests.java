package io.missive.sdk.internal;

import io.missive.sdk.DeviceInfo;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Listing and revoking the user's devices over the request channel, each request sent once. Thread-safe. */
final class DeviceRequests {

    private final @NotNull RequestChannel requests;

    DeviceRequests(final @NotNull RequestChannel requests) {
        this.requests = requests;
    }

    @NotNull CompletableFuture<List<DeviceInfo>> list() {
        return Futures.decode(requests.request(DeviceCodec.listDevices(), null), DeviceCodec::toDevices);
    }

    @NotNull CompletableFuture<Void> revoke(final @NotNull String deviceId) {
        return Futures.decode(requests.request(DeviceCodec.revokeDevice(deviceId), null), DeviceCodec::toRevoked);
    }
}
