package io.missive.broker.push;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoMap;
import io.missive.broker.request.RequestCase;
import io.missive.broker.request.RequestHandler;
import io.missive.broker.store.Periodic;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

/** Push notifications through APNs, and the devices' registrations for them. */
public final class PushModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(PushHandler.class);
        bind(PushTargets.class);
        bind(ApnsGateway.class);
        bind(Pushes.class);
        Multibinder.newSetBinder(binder(), Periodic.class).addBinding().to(Pushes.class);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.REGISTER_PUSH)
    @NotNull RequestHandler registerPush(final @NotNull PushHandler pushes) {
        return (device, uplink) -> pushes.register(device, uplink.getRegisterPush())
                .thenApply(registration -> Reply.newBuilder().setPush(registration).build());
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.UNREGISTER_PUSH)
    @NotNull RequestHandler unregisterPush(final @NotNull PushHandler pushes) {
        return (device, uplink) -> pushes.unregister(device)
                .thenApply(registration -> Reply.newBuilder().setPush(registration).build());
    }
}
