package io.missive.broker.store;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import io.missive.broker.metrics.Metrics;
import org.bson.BsonValue;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every MongoDB command, answered or failed, as the driver measured it: in total and per
 * command type ({@code insert.messages}, {@code update.members}, {@code find.sync_events}, ...).
 * Runs on the driver's threads.
 */
final class MongoCommandTimes implements CommandListener {

    private final @NotNull Metrics metrics;
    /** The type of each command in flight, by request id (the answer does not name the collection). */
    private final @NotNull ConcurrentHashMap<Integer, String> types = new ConcurrentHashMap<>();

    MongoCommandTimes(final @NotNull Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void commandStarted(final @NotNull CommandStartedEvent event) {
        final String name = event.getCommandName();
        final BsonValue target = event.getCommand().get(name);
        types.put(event.getRequestId(), target != null && target.isString()
                ? name + "." + target.asString().getValue() : name);
    }

    @Override
    public void commandSucceeded(final @NotNull CommandSucceededEvent event) {
        done(event.getRequestId(), event.getCommandName(), event.getElapsedTime(TimeUnit.NANOSECONDS));
    }

    @Override
    public void commandFailed(final @NotNull CommandFailedEvent event) {
        done(event.getRequestId(), event.getCommandName(), event.getElapsedTime(TimeUnit.NANOSECONDS));
    }

    private void done(final int requestId, final @NotNull String name, final long nanos) {
        final String type = types.remove(requestId);
        metrics.mongoCommand(type != null ? type : name, nanos);
    }
}
