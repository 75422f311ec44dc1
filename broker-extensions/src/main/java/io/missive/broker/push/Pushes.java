package io.missive.broker.push;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.config.PushSettings;
import io.missive.broker.counters.Counters;
import io.missive.broker.presence.ConnectedDevices;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.storage.MongoStores;
import io.missive.storage.conversation.Preview;
import io.missive.storage.device.Device;
import io.missive.storage.message.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Notifications for the devices of a message's recipients that have no live connection.
 *
 * <p>Per conversation, the messages of the last {@code push.flush-ms} are gathered, so a burst
 * becomes one notification per device, about the latest message (one its recipient did not send
 * themselves). Then, off every HiveMQ thread: the recipients' registered devices (cached,
 * {@link PushTargets}) without a connection to this node; the conversation's pending unread
 * counts are written, so that the badge — the user's total unread count — includes the
 * messages; which of them muted the conversation (they get a silent badge update instead of an
 * alert); and the names. Each notification carries the conversation as thread id and collapse
 * id (a newer one replaces the older on the phone) and {@code conversation_id} and {@code seq}
 * for the app to open it. Group events are not pushed.
 */
@Singleton
public final class Pushes implements Periodic, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pushes.class);

    private final @NotNull PushSettings settings;
    private final @NotNull MongoStores stores;
    private final @NotNull Counters counters;
    private final @NotNull ConnectedDevices connected;
    private final @NotNull PushTargets targets;
    private final @NotNull ApnsGateway gateway;
    /** Guarded by itself. */
    private final @NotNull Map<String, Pending> pending = new HashMap<>();
    private final @NotNull Workers workers;
    private final @NotNull DisplayNames names;

    @Inject
    public Pushes(final @NotNull ExtensionConfig config, final @NotNull MongoStores stores,
                  final @NotNull Counters counters, final @NotNull ConnectedDevices connected,
                  final @NotNull PushTargets targets, final @NotNull ApnsGateway gateway,
                  final @NotNull Workers workers) {
        this.settings = config.push();
        this.stores = stores;
        this.counters = counters;
        this.connected = connected;
        this.targets = targets;
        this.gateway = gateway;
        this.workers = workers;
        this.names = new DisplayNames(stores);
    }

    @Override
    public void start() {
        if (gateway.enabled()) {
            workers.timer().scheduleWithFixedDelay(this::flushAll, settings.flushMs(), settings.flushMs(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** A message was stored and reached these recipients' streams (the sender may be among them). */
    public void messageStored(final @NotNull StoredMessage message, final @NotNull Collection<String> recipients) {
        if (!gateway.enabled() || message.change() != null) {
            return;
        }
        synchronized (pending) {
            pending.computeIfAbsent(message.conversationId(), id -> new Pending()).add(message, recipients);
        }
    }

    /** Sends the notifications of every gathered conversation now; completes when they are queued. */
    public @NotNull CompletableFuture<Void> flush() {
        final Map<String, Pending> due;
        synchronized (pending) {
            due = new HashMap<>(pending);
            pending.clear();
        }
        return CompletableFuture.allOf(due.entrySet().stream()
                .map(e -> notify(e.getKey(), e.getValue()).exceptionally(error -> {
                    LOG.warn("Notifications for {} not sent: {}", e.getKey(), error.toString());
                    return null;
                }))
                .toArray(CompletableFuture[]::new));
    }

    private void flushAll() {
        try {
            flush();
        } catch (final RuntimeException e) {
            LOG.warn("Push flush failed: {}", e.toString());
        }
    }

    private @NotNull CompletableFuture<Void> notify(final @NotNull String conversationId, final @NotNull Pending p) {
        return targets.of(p.recipients).thenCompose(registered -> {
            final Map<String, List<Device>> offline = new HashMap<>();
            registered.forEach((user, devices) -> {
                if (p.about(user) == null) {
                    return;
                }
                final List<Device> away = new ArrayList<>();
                devices.forEach(d -> {
                    if (!connected.connected(user, d.deviceId())) {
                        away.add(d);
                    }
                });
                if (!away.isEmpty()) {
                    offline.put(user, away);
                }
            });
            if (offline.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            final List<String> users = new ArrayList<>(offline.keySet());
            final CompletableFuture<Map<String, Long>> badges = counters.flush(conversationId)
                    .thenCompose(ignored -> counters.totals(users));
            final CompletableFuture<Set<String>> muted = stores.members().mutedAmong(conversationId, users);
            final CompletableFuture<Map<String, String>> named = settings.preview() == PushSettings.Preview.NONE
                    ? CompletableFuture.completedFuture(Map.of()) : names.of(conversationId, p.senders());
            return CompletableFuture.allOf(badges, muted, named).thenRun(() -> offline.forEach((user, devices) -> {
                final StoredMessage message = p.about(user);
                final boolean alert = !muted.join().contains(user);
                final Long badge = badges.join().get(user);
                if (!alert && badge == null) {
                    return; // a silent update without a badge says nothing
                }
                final String payload = PushPayloads.payload(settings.preview(), message, alert, badge, named.join());
                final String collapseId = PushPayloads.collapseId(conversationId);
                devices.forEach(d -> gateway.send(new Push(user, d.deviceId(), d.push(), payload, collapseId, alert)));
            }));
        });
    }

    @Override
    public void close() {
        gateway.close();
    }

    /** The messages of one conversation gathered since the last flush. */
    private static final class Pending {
        /** The latest message, and the latest one by somebody else than its sender. */
        private @Nullable StoredMessage latest;
        private @Nullable StoredMessage latestByOther;
        private final @NotNull Set<String> recipients = new LinkedHashSet<>();
        private final @NotNull Set<String> senders = new LinkedHashSet<>();

        void add(final @NotNull StoredMessage message, final @NotNull Collection<String> to) {
            recipients.addAll(to);
            senders.add(message.senderUserId());
            if (latest == null || message.seq() > latest.seq()) {
                if (latest != null && !latest.senderUserId().equals(message.senderUserId())) {
                    latestByOther = latest;
                }
                latest = message;
            } else if (!message.senderUserId().equals(latest.senderUserId())
                    && (latestByOther == null || message.seq() > latestByOther.seq())) {
                latestByOther = message;
            }
        }

        /** The message to tell the user about: the latest one they did not send; null if they sent them all. */
        @Nullable StoredMessage about(final @NotNull String user) {
            if (latest == null) {
                return null;
            }
            return latest.senderUserId().equals(user) ? latestByOther : latest;
        }

        @NotNull Set<String> senders() {
            return senders;
        }
    }
}
