package io.missive.storage.user;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.mongo.Bulk;
import io.missive.storage.mongo.MongoErrors;
import io.missive.storage.mongo.Reactive;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** Users, keyed by user id. Passwords are stored only as Argon2id hashes. */
public final class UserStore {

    private final @NotNull MongoCollection<Document> users;

    public UserStore(final @NotNull MongoCollection<Document> users) {
        this.users = users;
    }

    /** Creates the user; completes with false when the id is taken (nothing changes then). */
    public @NotNull CompletableFuture<Boolean> create(final @NotNull String userId, final @NotNull String passwordHash,
                                                      final @NotNull String displayName) {
        final Document doc = new Document("_id", userId)
                .append("passwordHash", passwordHash)
                .append("displayName", displayName)
                .append("createdAt", new Date());
        return Reactive.done(users.insertOne(doc)).handle((ok, error) -> {
            if (error == null) {
                return true;
            }
            if (MongoErrors.isDuplicateKey(error)) {
                return false;
            }
            throw new java.util.concurrent.CompletionException(MongoErrors.unwrap(error));
        });
    }

    public @NotNull CompletableFuture<Optional<User>> find(final @NotNull String userId) {
        return Reactive.first(users.find(Filters.eq("_id", userId))).thenApply(d -> d.map(doc ->
                new User(doc.getString("_id"), doc.getString("passwordHash"),
                        doc.get("displayName", doc.getString("_id")))));
    }

    public @NotNull CompletableFuture<Boolean> exists(final @NotNull String userId) {
        return Reactive.first(users.find(Filters.eq("_id", userId)).projection(new Document("_id", 1)).limit(1))
                .thenApply(Optional::isPresent);
    }

    /** Which of these users exist. */
    public @NotNull CompletableFuture<Set<String>> existing(final @NotNull Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return CompletableFuture.completedFuture(Set.of());
        }
        return Reactive.list(users.find(Filters.in("_id", userIds)).projection(new Document("_id", 1)))
                .thenApply(docs -> docs.stream().map(d -> d.getString("_id")).collect(Collectors.toSet()));
    }

    /**
     * Remembers when each user's last device went away (presence "last seen"), many users in one
     * command; a time never moves back.
     */
    public @NotNull CompletableFuture<Void> recordLastSeenAll(final @NotNull Map<String, Long> atMs) {
        if (atMs.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        final List<WriteModel<Document>> writes = new ArrayList<>(atMs.size());
        atMs.forEach((userId, at) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", userId),
                Updates.max("lastSeenAt", new Date(at)))));
        return Bulk.unordered(users, writes);
    }

    /** When each of these users was last seen (users never seen are absent). */
    public @NotNull CompletableFuture<Map<String, Long>> lastSeen(final @NotNull Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return Reactive.list(users.find(Filters.in("_id", userIds))
                        .projection(new Document("_id", 1).append("lastSeenAt", 1)))
                .thenApply(docs -> {
                    final Map<String, Long> seen = new HashMap<>();
                    docs.forEach(d -> {
                        final Date at = d.getDate("lastSeenAt");
                        if (at != null) {
                            seen.put(d.getString("_id"), at.getTime());
                        }
                    });
                    return seen;
                });
    }

    /** A page of user ids in ascending order, after the given one ("" = from the first). */
    public @NotNull CompletableFuture<List<String>> ids(final @NotNull String after, final int limit) {
        return Reactive.list(users.find(Filters.gt("_id", after)).projection(new Document("_id", 1))
                        .sort(new Document("_id", 1)).limit(limit))
                .thenApply(docs -> docs.stream().map(d -> d.getString("_id")).collect(Collectors.toList()));
    }
}
