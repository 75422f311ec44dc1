package io.missive.broker.request;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Stage;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.ProvidesIntoMap;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestHandlersTest {

    private static final RequestHandler ANSWER = (device, uplink) ->
            CompletableFuture.completedFuture(Reply.getDefaultInstance());

    @Test
    void a_handler_for_every_request_case_is_complete() {
        final RequestHandlers handlers = new RequestHandlers(everyCaseBut(null));

        assertThat(handlers.of(Uplink.BodyCase.MARK_READ)).isSameAs(ANSWER);
        assertThat(handlers.of(Uplink.BodyCase.BODY_NOT_SET)).isNull();
    }

    @Test
    void a_request_case_without_a_handler_fails_the_start_naming_it() {
        assertThatThrownBy(() -> Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                final MapBinder<Uplink.BodyCase, RequestHandler> map =
                        MapBinder.newMapBinder(binder(), Uplink.BodyCase.class, RequestHandler.class);
                everyCaseBut(Uplink.BodyCase.READ_BY).forEach((request, handler) -> map.addBinding(request)
                        .toInstance(handler));
                bind(RequestHandlers.class).asEagerSingleton();
            }
        })).isInstanceOf(CreationException.class)
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no request handler for [READ_BY]");
    }

    @Test
    void a_handler_for_no_request_is_refused() {
        final Map<Uplink.BodyCase, RequestHandler> handlers = everyCaseBut(null);
        handlers.put(Uplink.BodyCase.BODY_NOT_SET, ANSWER);

        assertThatThrownBy(() -> new RequestHandlers(handlers)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BODY_NOT_SET");
    }

    @Test
    void a_request_case_registered_twice_fails_the_start_naming_it() {
        assertThatThrownBy(() -> Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                final MapBinder<Uplink.BodyCase, RequestHandler> map =
                        MapBinder.newMapBinder(binder(), Uplink.BodyCase.class, RequestHandler.class);
                everyCaseBut(null).forEach((request, handler) -> map.addBinding(request).toInstance(handler));
                bind(RequestHandlers.class).asEagerSingleton();
            }

            @ProvidesIntoMap
            @RequestCase(Uplink.BodyCase.MARK_READ)
            RequestHandler markReadAgain() {
                return (device, uplink) -> CompletableFuture.completedFuture(null);
            }
        })).isInstanceOf(CreationException.class).hasMessageContaining("MARK_READ");
    }

    /** A handler for each request case but the one given (null: none left out). */
    private static Map<Uplink.BodyCase, RequestHandler> everyCaseBut(final Uplink.BodyCase leftOut) {
        final Map<Uplink.BodyCase, RequestHandler> handlers = new EnumMap<>(Uplink.BodyCase.class);
        for (final Uplink.BodyCase request : Uplink.BodyCase.values()) {
            if (request != Uplink.BodyCase.BODY_NOT_SET && request != leftOut) {
                handlers.put(request, ANSWER);
            }
        }
        return handlers;
    }
}
