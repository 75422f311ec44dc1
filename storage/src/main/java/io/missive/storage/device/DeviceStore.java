package io.missive.storage.device;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Devices: the MQTT client id is the device id and is bound to one user for good, so no other
 * user can take over a device's id (and its session).
 */
public final class DeviceStore {

    /** The sub-document of a device's APNs registration: token, topic, sandbox, at. */
    private static final String APNS = "apns";

    private final @NotNull MongoCollection<Document> devices;

    public DeviceStore(final @NotNull MongoCollection<Document> devices) {
        this.devices = devices;
    }

    public @NotNull CompletableFuture<Optional<Device>> find(final @NotNull String deviceId) {
        return Reactive.first(devices.find(Filters.eq("_id", deviceId))).thenApply(d -> d.map(DeviceStore::toDevice));
    }

    public @NotNull CompletableFuture<List<Device>> ofUser(final @NotNull String userId) {
        return Reactive.list(devices.find(Filters.eq("userId", userId)))
                .thenApply(docs -> docs.stream().map(DeviceStore::toDevice).collect(Collectors.toList()));
    }

    /**
     * Stores a new token hash for the device, creating it for the user if it is new.
     *
     * @return false when the device id belongs to another user (nothing changes then)
     */
    public @NotNull CompletableFuture<Boolean> issueToken(final @NotNull String deviceId, final @NotNull String userId,
                                                          final @NotNull String tokenHash) {
        final Date now = new Date();
        return Reactive.first(devices.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", deviceId), Filters.eq("userId", userId)),
                        Updates.combine(Updates.set("tokenHash", tokenHash), Updates.set("tokenIssuedAt", now),
                                Updates.setOnInsert("createdAt", now)),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)))
                .handle((doc, error) -> {
                    if (error == null) {
                        return doc.isPresent();
                    }
                    // The upsert collides on _id when the device belongs to another user.
                    if (MongoErrors.isDuplicateKey(error)) {
                        return false;
                    }
                    throw new CompletionException(MongoErrors.unwrap(error));
                });
    }

    /**
     * Revokes the device: its token stops working (it can log in again only with the user's
     * password) and its sync cursor is dropped.
     */
    public @NotNull CompletableFuture<Boolean> revokeToken(final @NotNull String deviceId) {
        return Reactive.first(devices.updateOne(Filters.eq("_id", deviceId),
                        Updates.combine(Updates.unset("tokenHash"), Updates.unset("ackedVersion"),
                                Updates.unset(APNS), Updates.set("revokedAt", new Date()))))
                .thenApply(r -> r.map(u -> u.getMatchedCount() > 0).orElse(false));
    }

    /**
     * Registers the device for APNs pushes, replacing its earlier registration. The same token on
     * other devices (an app reinstalled under a new device id, another account on the phone) is
     * removed from them first. Completes with the users whose devices lost the token; fails with
     * {@link IllegalStateException} when the device is not the user's or was revoked.
     */
    public @NotNull CompletableFuture<List<String>> registerPush(final @NotNull String deviceId,
                                                                 final @NotNull String userId,
                                                                 final @NotNull PushToken token) {
        final var elsewhere = Filters.and(Filters.eq(APNS + ".token", token.token()), Filters.ne("_id", deviceId));
        return Reactive.list(devices.find(elsewhere))
                .thenCompose(others -> Reactive.done(devices.updateMany(elsewhere, Updates.unset(APNS)))
                        .thenApply(ignored -> others.stream().map(d -> d.getString("userId")).distinct()
                                .collect(Collectors.toList())))
                .thenCompose(losers -> Reactive.first(devices.updateOne(
                                Filters.and(Filters.eq("_id", deviceId), Filters.eq("userId", userId),
                                        Filters.exists("tokenHash")),
                                Updates.set(APNS, new Document("token", token.token()).append("topic", token.topic())
                                        .append("sandbox", token.sandbox()).append("at", new Date()))))
                        .thenApply(result -> {
                            if (result.map(r -> r.getMatchedCount() == 0).orElse(true)) {
                                throw new IllegalStateException("device " + deviceId + " is not an active device of "
                                        + userId);
                            }
                            return losers;
                        }));
    }

    /** Removes the device's push registration; completes with whether it had one. */
    public @NotNull CompletableFuture<Boolean> unregisterPush(final @NotNull String deviceId) {
        return Reactive.first(devices.updateOne(Filters.and(Filters.eq("_id", deviceId), Filters.exists(APNS)),
                        Updates.unset(APNS)))
                .thenApply(r -> r.map(u -> u.getModifiedCount() > 0).orElse(false));
    }

    /**
     * Removes the token APNs rejected, unless the device registered another one meanwhile;
     * completes with whether it was removed.
     */
    public @NotNull CompletableFuture<Boolean> removePushToken(final @NotNull String deviceId,
                                                               final @NotNull String token) {
        return Reactive.first(devices.updateOne(Filters.and(Filters.eq("_id", deviceId),
                        Filters.eq(APNS + ".token", token)), Updates.unset(APNS)))
                .thenApply(r -> r.map(u -> u.getModifiedCount() > 0).orElse(false));
    }

    /** The devices of these users that are registered for pushes (one query). */
    public @NotNull CompletableFuture<List<Device>> pushRegistered(final @NotNull Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return Reactive.list(devices.find(Filters.and(Filters.in("userId", userIds), Filters.exists(APNS),
                        Filters.exists("tokenHash"))))
                .thenApply(docs -> docs.stream().map(DeviceStore::toDevice).collect(Collectors.toList()));
    }

    /** Moves the device's cursor forward to version; never backwards. */
    public @NotNull CompletableFuture<Void> acknowledge(final @NotNull String deviceId, final long version) {
        return Reactive.done(devices.updateOne(Filters.eq("_id", deviceId), Updates.max("ackedVersion", version)));
    }

    /** {@link #acknowledge} for many devices in one command (device id → version). */
    public @NotNull CompletableFuture<Void> acknowledgeAll(final @NotNull Map<String, Long> versions) {
        if (versions.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        final List<WriteModel<Document>> writes = new ArrayList<>(versions.size());
        versions.forEach((deviceId, version) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", deviceId),
                Updates.max("ackedVersion", version))));
        return Bulk.unordered(devices, writes);
    }

    private static @NotNull Device toDevice(final @NotNull Document d) {
        final Number acked = d.get("ackedVersion", Number.class);
        final Date created = d.getDate("createdAt");
        final Date login = d.getDate("tokenIssuedAt");
        final Document apns = d.get(APNS, Document.class);
        final PushToken push = apns == null || apns.getString("token") == null ? null
                : new PushToken(apns.getString("token"), apns.getString("topic"),
                        Boolean.TRUE.equals(apns.getBoolean("sandbox")));
        return new Device(d.getString("_id"), d.getString("userId"), d.getString("tokenHash"),
                acked == null ? 0 : acked.longValue(), created == null ? 0 : created.getTime(),
                login == null ? 0 : login.getTime(), push);
    }
}
