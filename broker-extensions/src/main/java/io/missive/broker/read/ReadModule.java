package io.missive.broker.read;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoMap;
import io.missive.broker.request.RequestCase;
import io.missive.broker.request.RequestHandler;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

/** Read positions, unread counts and who read a message. */
public final class ReadModule extends AbstractModule {

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.MARK_READ)
    @NotNull RequestHandler markRead(final @NotNull ReadHandler reads) {
        return (device, uplink) -> reads.markRead(device, uplink.getMarkRead())
                .thenApply(state -> Reply.newBuilder().setRead(state).build());
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.GET_UNREAD)
    @NotNull RequestHandler getUnread(final @NotNull ReadHandler reads) {
        return (device, uplink) -> reads.unread(device, uplink.getGetUnread())
                .thenApply(counts -> Reply.newBuilder().setUnread(counts).build());
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.READ_BY)
    @NotNull RequestHandler readBy(final @NotNull ReadHandler reads) {
        return (device, uplink) -> reads.readBy(device, uplink.getReadBy())
                .thenApply(readers -> Reply.newBuilder().setReadBy(readers).build());
    }
}
