package io.missive.server.store;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * Holds a connection's replies until the commit they wait for has completed, without blocking the
 * connection's event loop (which serves other connections meanwhile). Installed at the end of the
 * pipeline, so it sees each reply before it is encoded. Replies leave in order: one that needs no
 * commit still waits behind a held one.
 *
 * <p>The backend, after handling a command, stores the command's ticket in the channel attribute
 * {@link #TICKET}; the reply written right after it (same event loop, same call) picks it up. When the
 * commit fails, the held replies are dropped and the connection is closed: the client sees an error,
 * never an acknowledgement of a write that may not be in the file.
 *
 * <p>One instance per channel; every method runs on the channel's event loop.
 */
final class DurableReplies extends ChannelOutboundHandlerAdapter {

    static final @NotNull String NAME = "missive-durable-replies";
    static final @NotNull AttributeKey<Long> TICKET = AttributeKey.valueOf("missive.commitTicket");

    private final @NotNull GroupCommit commits;
    private final @NotNull ArrayDeque<Held> held = new ArrayDeque<>();
    private boolean flushHeld;

    DurableReplies(final @NotNull GroupCommit commits) {
        this.commits = commits;
    }

    /** Makes the next reply on {@code channel} wait for commit {@code ticket}. Call on the channel's event loop. */
    static void holdNextReply(final @NotNull Channel channel, final @NotNull GroupCommit commits, final long ticket) {
        if (commits.isDurable(ticket)) {
            channel.attr(TICKET).set(null);
            return;
        }
        if (channel.pipeline().get(NAME) == null) {
            channel.pipeline().addLast(NAME, new DurableReplies(commits));
        }
        channel.attr(TICKET).set(ticket);
    }

    @Override
    public void write(final @NotNull ChannelHandlerContext ctx, final @NotNull Object msg,
                      final @NotNull ChannelPromise promise) {
        final Long ticket = ctx.channel().attr(TICKET).getAndSet(null);
        final long waitFor = ticket == null ? GroupCommit.NOTHING_TO_WAIT_FOR : ticket;
        if (held.isEmpty() && commits.isDurable(waitFor)) {
            ctx.write(msg, promise);
            return;
        }
        held.add(new Held(msg, promise, waitFor));
        if (held.size() == 1) {
            awaitHead(ctx);
        }
    }

    @Override
    public void flush(final @NotNull ChannelHandlerContext ctx) {
        if (held.isEmpty()) {
            ctx.flush();
        } else {
            flushHeld = true;
        }
    }

    @Override
    public void handlerRemoved(final @NotNull ChannelHandlerContext ctx) {
        drop(new IllegalStateException("connection closed before the commit"));
    }

    private void awaitHead(final @NotNull ChannelHandlerContext ctx) {
        final Held head = held.peek();
        if (head == null) {
            return;
        }
        commits.whenDurable(head.ticket, failure -> {
            try {
                ctx.executor().execute(() -> release(ctx, failure));
            } catch (final RejectedExecutionException e) {
                // the event loop is shutting down: the connection goes with it, unanswered
            }
        });
    }

    private void release(final @NotNull ChannelHandlerContext ctx, final @Nullable Throwable failure) {
        if (failure != null) {
            drop(failure);
            ctx.close();
            return;
        }
        boolean wrote = false;
        while (!held.isEmpty() && commits.isDurable(held.peek().ticket)) {
            final Held next = held.poll();
            ctx.write(next.msg, next.promise);
            wrote = true;
        }
        if (wrote && flushHeld) {
            ctx.flush();
            flushHeld = !held.isEmpty();
        }
        if (!held.isEmpty()) {
            awaitHead(ctx);
        }
    }

    private void drop(final @NotNull Throwable cause) {
        Held next;
        while ((next = held.poll()) != null) {
            ReferenceCountUtil.release(next.msg);
            next.promise.tryFailure(cause);
        }
        flushHeld = false;
    }

    private static final class Held {
        final @NotNull Object msg;
        final @NotNull ChannelPromise promise;
        final long ticket;

        Held(final @NotNull Object msg, final @NotNull ChannelPromise promise, final long ticket) {
            this.msg = msg;
            this.promise = promise;
            this.ticket = ticket;
        }
    }
}
