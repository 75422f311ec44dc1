package io.missive.broker.auth;

import com.google.inject.AbstractModule;

/** Authentication and topic authorization. */
public final class AuthModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(DeviceAuthenticator.class);
        bind(TopicAuthorizer.class);
        bind(LoginService.class);
        bind(LoginThrottle.class);
    }
}
