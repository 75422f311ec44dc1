package io.missive.broker.counters;

import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Stored messages gathered per conversation until they are written together: the highest seq, the
 * recipients as of the latest message, and each sender's own highest seq (read for them). A buffer is
 * written when {@link #flushAll()} runs (every {@code counters.flush-ms}), when it holds
 * {@value #FLUSH_AT_MESSAGES} messages, or when {@link #flush(String)} asks for one conversation; the
 * writes of a conversation are chained so that a flush can wait for every earlier one.
 */
final class CountBuffer {

    /** A conversation's buffer is written at once when it has gathered this many messages. */
    static final int FLUSH_AT_MESSAGES = 256;

    /** Writes one conversation's counts; its future never fails (a failure marks the users instead). */
    @FunctionalInterface
    interface Writer {
        @NotNull CompletableFuture<Void> write(@NotNull String conversationId, long upTo, @NotNull List<String> users,
                                               @NotNull Map<String, Long> ownReads);
    }

    private final @NotNull Writer writer;
    /** Guarded by this. */
    private final @NotNull Map<String, Pending> pending = new HashMap<>();
    /** Per conversation, the writes sent and not yet answered; guarded by this. */
    private final @NotNull Map<String, CompletableFuture<Void>> writing = new HashMap<>();

    CountBuffer(final @NotNull Writer writer) {
        this.writer = writer;
    }

    /** Gathers a stored message; writes the conversation's buffer when it is full. */
    void add(final @NotNull String conversationId, final long seq, final @NotNull String sender,
             final @NotNull Collection<String> recipients) {
        Pending full = null;
        synchronized (this) {
            final Pending p = pending.computeIfAbsent(conversationId, id -> new Pending());
            p.add(seq, sender, recipients);
            if (p.messages >= FLUSH_AT_MESSAGES) {
                full = pending.remove(conversationId);
            }
        }
        if (full != null) {
            write(conversationId, full);
        }
    }

    /** Writes every buffer now; completes when written. */
    @NotNull CompletableFuture<Void> flushAll() {
        final Map<String, Pending> due;
        synchronized (this) {
            due = new HashMap<>(pending);
            pending.clear();
        }
        return CompletableFuture.allOf(due.entrySet().stream().map(e -> write(e.getKey(), e.getValue()))
                .toArray(CompletableFuture[]::new));
    }

    /** Writes the conversation's buffer now; completes when it and every earlier write of it are answered. */
    @NotNull CompletableFuture<Void> flush(final @NotNull String conversationId) {
        final Pending due;
        final CompletableFuture<Void> earlier;
        synchronized (this) {
            due = pending.remove(conversationId);
            earlier = writing.get(conversationId);
        }
        final CompletableFuture<Void> now = due == null ? CompletableFuture.completedFuture(null)
                : write(conversationId, due);
        return earlier == null ? now : CompletableFuture.allOf(earlier, now);
    }

    private @NotNull CompletableFuture<Void> write(final @NotNull String conversationId, final @NotNull Pending p) {
        final List<String> users = new ArrayList<>(p.recipients);
        p.ownReads.keySet().forEach(sender -> {
            if (!p.recipients.contains(sender)) {
                users.add(sender);
            }
        });
        final CompletableFuture<Void> written = new CompletableFuture<>();
        synchronized (this) {
            final CompletableFuture<Void> earlier = writing.get(conversationId);
            writing.put(conversationId, earlier == null ? written : CompletableFuture.allOf(earlier, written));
        }
        writer.write(conversationId, p.highestSeq, users, p.ownReads).whenComplete((ok, error) -> {
            written.complete(null);
            synchronized (this) {
                // the last write of the conversation to finish drops the chain
                final CompletableFuture<Void> all = writing.get(conversationId);
                if (all != null && all.isDone()) {
                    writing.remove(conversationId);
                }
            }
        });
        return written;
    }

    /** The messages of one conversation gathered since the last write. */
    private static final class Pending {
        private long highestSeq;
        private int messages;
        private @NotNull Set<String> recipients = Set.of();
        private final @NotNull Map<String, Long> ownReads = new HashMap<>();

        void add(final long seq, final @NotNull String sender, final @NotNull Collection<String> members) {
            messages++;
            ownReads.merge(sender, seq, Math::max);
            if (seq >= highestSeq) {
                highestSeq = seq;
                // the members as of the latest message: who joined meanwhile is counted from their join
                recipients = members instanceof Set ? (Set<String>) members : new LinkedHashSet<>(members);
            }
        }
    }
}
