package io.missive.broker.request;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import io.missive.broker.store.Periodic;
import io.missive.protocol.v1.Uplink;

/**
 * The request path: the uplink interceptor, the router and the replies. The requests themselves
 * are answered by the features, each registering its cases in its own module ({@link RequestCase});
 * this package imports none of them. The handlers are checked complete when the injector is
 * created ({@link RequestHandlers}), so an incomplete set fails the extension's start.
 */
public final class RequestModule extends AbstractModule {

    @Override
    protected void configure() {
        // the features add their handlers to this map
        MapBinder.newMapBinder(binder(), Uplink.BodyCase.class, RequestHandler.class);
        bind(RequestHandlers.class).asEagerSingleton();
        bind(UplinkInterceptor.class);
        bind(UplinkRouter.class);
        bind(Replies.class);
        bind(RateLimits.class);
        Multibinder.newSetBinder(binder(), Periodic.class).addBinding().to(RateLimits.class);
    }
}
