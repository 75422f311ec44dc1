package io.missive.broker.counters;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.missive.broker.store.Periodic;

/** The unread counters in Redis: flushed and reconciled on the extension's timer. */
public final class CountersModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Counters.class);
        Multibinder.newSetBinder(binder(), Periodic.class).addBinding().to(Counters.class);
    }
}
