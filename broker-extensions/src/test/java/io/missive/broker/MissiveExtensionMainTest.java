package io.missive.broker;

import com.codahale.metrics.MetricRegistry;
import com.google.inject.Binding;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.multibindings.MapBinderBinding;
import com.google.inject.multibindings.MultibinderBinding;
import com.google.inject.multibindings.MultibindingsTargetVisitor;
import com.google.inject.multibindings.OptionalBinderBinding;
import com.google.inject.spi.DefaultBindingTargetVisitor;
import com.google.inject.spi.LinkedKeyBinding;
import io.missive.broker.cluster.Cluster;
import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.counters.Counters;
import io.missive.broker.links.DenyListFile;
import io.missive.broker.messaging.DeferredWrites;
import io.missive.broker.presence.Presence;
import io.missive.broker.push.Pushes;
import io.missive.broker.request.RequestHandler;
import io.missive.broker.auth.ConnectLimits;
import io.missive.broker.request.RateLimits;
import io.missive.broker.store.Periodic;
import io.missive.broker.sync.CursorWrites;
import io.missive.broker.sync.DeviceSessions;
import io.missive.broker.sync.SyncRetention;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class MissiveExtensionMainTest {

    @Test
    void the_modules_of_the_extension_answer_every_request_case() {
        // the tool stage wires without building anything: no broker services, no store
        final Injector injector = Guice.createInjector(Stage.TOOL, MissiveExtensionMain.modules(
                new ExtensionConfig("mongodb://127.0.0.1:1", "unused", 1024, false, 3, 10, 100), new MetricRegistry()));
        final Binding<Map<Uplink.BodyCase, RequestHandler>> binding = injector.getBinding(new Key<>() { });

        final Set<Uplink.BodyCase> registered = binding.acceptTargetVisitor(new MapEntries()).getEntries().stream()
                .map(entry -> (Uplink.BodyCase) entry.getKey()).collect(Collectors.toSet());

        assertThat(registered).isEqualTo(EnumSet.complementOf(EnumSet.of(Uplink.BodyCase.BODY_NOT_SET)));
    }

    @Test
    void every_component_with_periodic_work_is_started_by_the_extension() {
        final Injector injector = Guice.createInjector(Stage.TOOL, MissiveExtensionMain.modules(
                new ExtensionConfig("mongodb://127.0.0.1:1", "unused", 1024, false, 3, 10, 100), new MetricRegistry()));
        final Binding<Set<Periodic>> binding = injector.getBinding(new Key<>() { });

        final Set<Class<?>> started = binding.acceptTargetVisitor(new SetElements()).getElements().stream()
                .map(element -> ((LinkedKeyBinding<?>) element).getLinkedKey().getTypeLiteral().getRawType())
                .collect(Collectors.toSet());

        assertThat(started).containsExactlyInAnyOrder(DeferredWrites.class, DeviceSessions.class, SyncRetention.class,
                CursorWrites.class, Presence.class, Pushes.class, Counters.class, RateLimits.class,
                ConnectLimits.class, DenyListFile.class, Cluster.class);
    }

    /** Finds the set binding behind a Set binding. */
    private static final class SetElements extends DefaultBindingTargetVisitor<Object, MultibinderBinding<?>>
            implements MultibindingsTargetVisitor<Object, MultibinderBinding<?>> {

        @Override
        public MultibinderBinding<?> visit(final MultibinderBinding<?> multibinding) {
            return multibinding;
        }

        @Override
        public MultibinderBinding<?> visit(final MapBinderBinding<?> mapbinding) {
            return null;
        }

        @Override
        public MultibinderBinding<?> visit(final OptionalBinderBinding<?> optionalbinding) {
            return null;
        }
    }

    /** Finds the map binding behind a Map binding. */
    private static final class MapEntries extends DefaultBindingTargetVisitor<Object, MapBinderBinding<?>>
            implements MultibindingsTargetVisitor<Object, MapBinderBinding<?>> {

        @Override
        public MapBinderBinding<?> visit(final MultibinderBinding<?> multibinding) {
            return null;
        }

        @Override
        public MapBinderBinding<?> visit(final MapBinderBinding<?> mapbinding) {
            return mapbinding;
        }

        @Override
        public MapBinderBinding<?> visit(final OptionalBinderBinding<?> optionalbinding) {
            return null;
        }
    }
}
