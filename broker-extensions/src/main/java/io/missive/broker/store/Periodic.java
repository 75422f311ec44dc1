package io.missive.broker.store;

/**
 * A component with work of its own on the extension's timer (flushing what it wrote behind,
 * reconciling, retransmitting, expiring). Its constructor only wires it; the extension calls
 * {@link #start()} once it is ready to admit devices (the store reachable, the fan-out of a crash
 * recovered), and the timer stops with the extension. Each module registers its periodic
 * components in a Guice set binder ({@code Multibinder<Periodic>}).
 */
public interface Periodic {

    /** Schedules the component's periodic work; called once. */
    void start();
}
