package io.missive.broker.auth;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.missive.broker.store.Periodic;

/** Authentication and topic authorization. */
public final class AuthModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(DeviceAuthenticator.class);
        bind(TopicAuthorizer.class);
        bind(LoginService.class);
        bind(LoginThrottle.class);
        bind(ConnectLimits.class);
        Multibinder.newSetBinder(binder(), Periodic.class).addBinding().to(ConnectLimits.class);
    }
}
