package io.missive.storage.contact;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.mongo.MongoErrors;
import io.missive.storage.mongo.Reactive;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Contact relations, one document per pair of users. Changes are compare-and-set on the pair's
 * revision: a change decided on a stale read is refused (false) and can be decided again.
 */
public final class ContactStore {

    private final @NotNull MongoCollection<Document> contacts;

    public ContactStore(final @NotNull MongoCollection<Document> contacts) {
        this.contacts = contacts;
    }

    /** The pair's relation; {@link Relation#none} when they have none. */
    public @NotNull CompletableFuture<Relation> find(final @NotNull String one, final @NotNull String other) {
        return Reactive.first(contacts.find(Filters.eq("_id", Relation.key(one, other))))
                .thenApply(d -> d.map(Relation::fromDocument).orElseGet(() -> Relation.none(one, other)));
    }

    /**
     * Stores {@code after} if the stored relation is still {@code before} (same revision);
     * completes with false when it changed meanwhile.
     */
    public @NotNull CompletableFuture<Boolean> replace(final @NotNull Relation before, final @NotNull Relation after) {
        if (before.rev() == 0) {
            return Reactive.done(contacts.insertOne(after.toDocument())).handle((ok, error) -> {
                if (error == null) {
                    return true;
                }
                if (MongoErrors.isDuplicateKey(error)) {
                    return false;
                }
                throw new CompletionException(MongoErrors.unwrap(error));
            });
        }
        return Reactive.first(contacts.replaceOne(Filters.and(Filters.eq("_id", before.key()),
                                Filters.eq("rev", before.rev())), after.toDocument(), new ReplaceOptions()))
                .thenApply(r -> r.map(result -> result.getMatchedCount() == 1).orElse(false));
    }

    /** Every relation the user has (requests, contacts, blocks in either direction). */
    public @NotNull CompletableFuture<List<Relation>> of(final @NotNull String userId) {
        return Reactive.list(contacts.find(Filters.eq("users", userId)))
                .thenApply(docs -> docs.stream().map(Relation::fromDocument).collect(Collectors.toList()));
    }
}
