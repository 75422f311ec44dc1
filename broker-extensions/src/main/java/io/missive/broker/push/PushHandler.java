package io.missive.broker.push;

import io.missive.broker.request.Identity;
import io.missive.broker.request.RequestException;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.PushRegistration;
import io.missive.protocol.v1.RegisterPush;
import io.missive.storage.MongoStores;
import io.missive.storage.device.PushToken;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A device registering or removing its APNs token. Registrations are kept also while push is
 * off on this server, so that turning it on needs nothing from the apps.
 */
@Singleton
public final class PushHandler {

    private final @NotNull MongoStores stores;
    private final @NotNull PushTargets targets;

    @Inject
    public PushHandler(final @NotNull MongoStores stores, final @NotNull PushTargets targets) {
        this.stores = stores;
        this.targets = targets;
    }

    public @NotNull CompletableFuture<PushRegistration> register(final @NotNull Identity device,
                                                                 final @NotNull RegisterPush request) {
        if (!PushToken.isValidToken(request.getApnsToken())) {
            throw new RequestException(ErrorCode.INVALID_ARGUMENT,
                    "apns_token must be the device token as hex: 16..200 hex digits, an even count");
        }
        if (!PushToken.isValidTopic(request.getTopic())) {
            throw new RequestException(ErrorCode.INVALID_ARGUMENT,
                    "topic must be the app's bundle id: 1..200 characters of [A-Za-z0-9._-]");
        }
        final PushToken token = new PushToken(request.getApnsToken(), request.getTopic(), request.getSandbox());
        return stores.devices().registerPush(device.deviceId(), device.userId(), token)
                .handle((losers, error) -> {
                    if (error != null) {
                        final Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        if (cause instanceof IllegalStateException) {
                            throw new RequestException(ErrorCode.NOT_FOUND, "this device is no longer active");
                        }
                        throw new CompletionException(cause);
                    }
                    final List<String> changed = new ArrayList<>(losers);
                    changed.add(device.userId());
                    targets.invalidate(changed);
                    return PushRegistration.newBuilder().setRegistered(true).setTopic(token.topic())
                            .setSandbox(token.sandbox()).build();
                });
    }

    public @NotNull CompletableFuture<PushRegistration> unregister(final @NotNull Identity device) {
        return stores.devices().unregisterPush(device.deviceId()).thenApply(removed -> {
            targets.invalidate(List.of(device.userId()));
            return PushRegistration.newBuilder().setRegistered(false).build();
        });
    }
}
