package io.missive.broker.store;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import io.missive.broker.metrics.Metrics;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.TimeUnit;

/** Times every MongoDB command, answered or failed, as the driver measured it; runs on the driver's threads. */
final class MongoCommandTimes implements CommandListener {

    private final @NotNull Metrics metrics;

    MongoCommandTimes(final @NotNull Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void commandSucceeded(final @NotNull CommandSucceededEvent event) {
        metrics.mongoCommand(event.getElapsedTime(TimeUnit.NANOSECONDS));
    }

    @Override
    public void commandFailed(final @NotNull CommandFailedEvent event) {
        metrics.mongoCommand(event.getElapsedTime(TimeUnit.NANOSECONDS));
    }
}
