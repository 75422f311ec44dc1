package io.missive.broker.store;

import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Stops the one background thread the MongoDB driver starts statically and never stops (the
 * pruner of its shared buffer pool). Inside HiveMQ the driver lives in the extension's own
 * classloader; a thread left running there keeps the whole classloader, ~9 MB of classes, alive
 * after every stop of the extension. Called only when the extension stops, when that classloader
 * is about to be dropped and no other code can use the pool.
 */
final class DriverThreads {

    private static final Logger LOG = LoggerFactory.getLogger(DriverThreads.class);
    private static final @NotNull String POOL = "com.mongodb.internal.connection.PowerOfTwoBufferPool";

    private DriverThreads() {
    }

    static void stop() {
        try {
            final Class<?> pool = Class.forName(POOL, false, DriverThreads.class.getClassLoader());
            final Field defaultPool = pool.getField("DEFAULT");
            final Method disable = pool.getDeclaredMethod("disablePruning");
            disable.setAccessible(true);
            disable.invoke(defaultPool.get(null));
        } catch (final ReflectiveOperationException | RuntimeException e) {
            LOG.debug("MongoDB driver buffer pool pruner not stopped (driver changed?): {}", e.toString());
        }
    }
}
