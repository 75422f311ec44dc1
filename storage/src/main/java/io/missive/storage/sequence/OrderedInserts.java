package io.missive.storage.sequence;

import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.mongo.MongoErrors;
import io.missive.storage.mongo.Reactive;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Ordered inserts into one collection, combined like a group commit: while {@code maxInFlight}
 * inserts are running, further submissions queue, and the next insert carries all of them as one
 * ordered {@code insertMany}. Under load, the batches of many keys (conversations, users' streams)
 * thus cost one command instead of one each; alone, a submission goes out at once.
 *
 * <p>Each submission keeps the semantics of its own ordered insert: it learns how many of its
 * documents (a prefix) were stored and the error that stopped the rest. An ordered insert stops at
 * the first refused document, so in a combined insert the submissions before the refused one are
 * stored whole, the one holding it gets its prefix and the error, and those after it were not
 * attempted: they go into the next insert, unnoticed by their callers.
 */
public final class OrderedInserts {

    /**
     * What one submission got: its first {@code stored} documents are stored, and {@code error}
     * stopped the rest. {@code stored} is -1 when the error leaves unknown what was stored (not a
     * duplicate key: a network or server failure). {@code sentNanos}: when the insert that decided
     * it was sent ({@link System#nanoTime()}).
     */
    public record Outcome(int stored, @Nullable Throwable error, long sentNanos) {

        Outcome(final int stored, final @Nullable Throwable error) {
            this(stored, error, 0);
        }
    }

    /** The most documents one combined insert carries (a single submission may exceed it). */
    static final int MAX_DOCUMENTS = 1_000;

    private final @NotNull MongoCollection<Document> collection;
    private final int maxInFlight;
    /** Guarded by this. */
    private final @NotNull ArrayDeque<Submission> queue = new ArrayDeque<>();
    /** Guarded by this. */
    private int inFlight;
    /** Documents waiting for a free slot (a queue-depth gauge; written under this). */
    private volatile int queuedDocuments;

    public OrderedInserts(final @NotNull MongoCollection<Document> collection, final int maxInFlight) {
        this.collection = collection;
        this.maxInFlight = maxInFlight;
    }

    /** Inserts the documents in order (after the ones submitted before, possibly in the same command). */
    public @NotNull CompletableFuture<Outcome> insert(final @NotNull List<Document> documents) {
        final Submission submission = new Submission(documents);
        synchronized (this) {
            queue.add(submission);
            queuedDocuments += documents.size();
            if (inFlight >= maxInFlight) {
                return submission.outcome;
            }
            inFlight++;
        }
        writeNext();
        return submission.outcome;
    }

    /** Runs in one of the {@code maxInFlight} slots: writes what is queued, or frees the slot. */
    private void writeNext() {
        final List<Submission> batch = new ArrayList<>();
        final List<Document> documents = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty()
                    && (batch.isEmpty() || documents.size() + queue.peek().documents.size() <= MAX_DOCUMENTS)) {
                final Submission next = queue.poll();
                batch.add(next);
                documents.addAll(next.documents);
            }
            queuedDocuments -= documents.size();
            if (batch.isEmpty()) {
                inFlight--;
                return;
            }
        }
        final long sentNanos = System.nanoTime();
        CompletableFuture<Void> write;
        try {
            write = Reactive.done(collection.insertMany(documents, new InsertManyOptions().ordered(true)));
        } catch (final RuntimeException e) {
            write = CompletableFuture.failedFuture(e);
        }
        write.whenComplete((ok, error) -> {
            final List<Outcome> outcomes = outcomes(batch, error, sentNanos);
            synchronized (this) {
                // those not attempted go first into the next insert, in their order
                for (int i = batch.size() - 1; i >= 0; i--) {
                    if (outcomes.get(i) == null) {
                        queue.addFirst(batch.get(i));
                        queuedDocuments += batch.get(i).documents.size();
                    }
                }
            }
            // the next insert is under way before the callers continue (on this thread) with theirs
            writeNext();
            for (int i = 0; i < batch.size(); i++) {
                if (outcomes.get(i) != null) {
                    batch.get(i).outcome.complete(outcomes.get(i));
                }
            }
        });
    }

    /** Documents waiting for a free slot. */
    public int queuedDocuments() {
        return queuedDocuments;
    }

    /** What the insert decided for each submission; null for those it did not attempt. */
    static @NotNull List<Outcome> outcomes(final @NotNull List<Submission> batch, final @Nullable Throwable error) {
        return outcomes(batch, error, 0);
    }

    private static @NotNull List<Outcome> outcomes(final @NotNull List<Submission> batch,
                                                   final @Nullable Throwable error, final long sentNanos) {
        final List<Outcome> outcomes = new ArrayList<>(batch.size());
        final int refused = error == null ? Integer.MAX_VALUE : MongoErrors.insertedPrefix(error);
        int offset = 0;
        for (final Submission s : batch) {
            final int size = s.documents.size();
            if (refused < 0) {
                outcomes.add(new Outcome(-1, error, sentNanos));
            } else if (offset + size <= refused) {
                outcomes.add(new Outcome(size, null, sentNanos));
            } else if (offset <= refused) {
                outcomes.add(new Outcome(refused - offset, error, sentNanos));
            } else {
                outcomes.add(null);
            }
            offset += size;
        }
        return outcomes;
    }

    static final class Submission {
        private final @NotNull List<Document> documents;
        private final @NotNull CompletableFuture<Outcome> outcome = new CompletableFuture<>();

        Submission(final @NotNull List<Document> documents) {
            this.documents = documents;
        }
    }
}
