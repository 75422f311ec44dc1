package io.missive.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.connection.TransportSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.missive.storage.contact.ContactStore;
import io.missive.storage.conversation.ConversationStore;
import io.missive.storage.conversation.MemberStore;
import io.missive.storage.device.DeviceStore;
import io.missive.storage.message.FanoutCheckpoints;
import io.missive.storage.message.MessageLog;
import io.missive.storage.sequence.AppendTimes;
import io.missive.storage.mongo.Reactive;
import io.missive.storage.sync.SyncStream;
import io.missive.storage.user.UserStore;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MongoDB client and every store on it. Works against any MongoDB-wire server: a replica set,
 * a sharded cluster, or the embedded development store.
 */
public final class MongoStores implements AutoCloseable {

    public static final @NotNull String USERS = "users";
    public static final @NotNull String DEVICES = "devices";
    public static final @NotNull String CONVERSATIONS = "conversations";
    public static final @NotNull String MESSAGES = "messages";
    public static final @NotNull String SYNC_EVENTS = "sync_events";
    public static final @NotNull String SYNC_FLOORS = "sync_floors";
    public static final @NotNull String MEMBERS = "members";
    public static final @NotNull String CONTACTS = "contacts";
    public static final @NotNull String FANOUT_CHECKPOINTS = "fanout_checkpoints";

    private final @NotNull MongoClient client;
    private final @NotNull MongoDatabase database;
    private final @NotNull UserStore users;
    private final @NotNull DeviceStore devices;
    private final @NotNull ConversationStore conversations;
    private final @NotNull MemberStore members;
    private final @NotNull ContactStore contacts;
    private final @NotNull AtomicLong commands = new AtomicLong();
    private final @NotNull MessageLog messages;
    private final @NotNull SyncStream syncStreams;
    private final @NotNull FanoutCheckpoints fanoutCheckpoints;

    /**
     * @param uri      a MongoDB connection string
     * @param database the database name
     * @param executor runs the continuation of sequenced appends (light work, never blocking)
     */
    public MongoStores(final @NotNull String uri, final @NotNull String database, final @NotNull Executor executor) {
        this(uri, database, executor, new CommandListener() {
        });
    }

    /**
     * @param uri      a MongoDB connection string
     * @param database the database name
     * @param executor runs the continuation of sequenced appends (light work, never blocking)
     * @param listener also told of every command (e.g. to time them); called on the driver's threads, must not block
     */
    public MongoStores(final @NotNull String uri, final @NotNull String database, final @NotNull Executor executor,
                       final @NotNull CommandListener listener) {
        this(uri, database, executor, listener, AppendTimes.NONE);
    }

    /**
     * @param uri      a MongoDB connection string
     * @param database the database name
     * @param executor runs the continuation of sequenced appends (light work, never blocking)
     * @param listener also told of every command (e.g. to time them); called on the driver's threads, must not block
     * @param times    told the stage times of every stored message and sync-stream entry (must not block)
     */
    public MongoStores(final @NotNull String uri, final @NotNull String database, final @NotNull Executor executor,
                       final @NotNull CommandListener listener, final @NotNull AppendTimes times) {
        final MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
                // Netty instead of the default asynchronous channels: about a quarter less server CPU
                // per message at full load (docs/benchmarks.md, "Third pass")
                .transportSettings(TransportSettings.nettyBuilder().build())
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(final @NotNull CommandStartedEvent event) {
                        commands.incrementAndGet();
                    }
                })
                .addCommandListener(listener)
                .build();
        this.client = MongoClients.create(settings);
        this.database = client.getDatabase(database);
        this.users = new UserStore(this.database.getCollection(USERS));
        this.devices = new DeviceStore(this.database.getCollection(DEVICES));
        this.conversations = new ConversationStore(this.database.getCollection(CONVERSATIONS));
        this.members = new MemberStore(this.database.getCollection(MEMBERS));
        this.contacts = new ContactStore(this.database.getCollection(CONTACTS));
        this.messages = new MessageLog(this.database.getCollection(MESSAGES), executor, times);
        this.syncStreams = new SyncStream(this.database.getCollection(SYNC_EVENTS),
                this.database.getCollection(SYNC_FLOORS), executor, times);
        this.fanoutCheckpoints = new FanoutCheckpoints(this.database.getCollection(FANOUT_CHECKPOINTS));
    }

    /** Creates the indexes every store relies on (idempotent). Uniqueness is what keeps seqs correct. */
    public @NotNull CompletableFuture<Void> ensureIndexes() {
        final IndexOptions unique = new IndexOptions().unique(true);
        return CompletableFuture.allOf(
                Reactive.done(database.getCollection(MESSAGES).createIndexes(List.of(
                        new IndexModel(Indexes.ascending("conversationId", "seq"), unique.name("conversation_seq")),
                        new IndexModel(Indexes.ascending("conversationId", "clientMsgId", "senderUserId"),
                                new IndexOptions().unique(true).name("conversation_client_msg_id"))))),
                Reactive.done(database.getCollection(SYNC_EVENTS).createIndexes(List.of(
                        // a version taken twice is refused by _id (user|version), see SyncEntry.id
                        new IndexModel(Indexes.ascending("userId", "eventKey"),
                                new IndexOptions().unique(true).name("user_event"))))),
                Reactive.done(database.getCollection(DEVICES).createIndexes(List.of(
                        new IndexModel(Indexes.ascending("userId"), new IndexOptions().name("user")),
                        // the device holding an APNs token, when another device registers it
                        new IndexModel(Indexes.ascending("apns.token"), new IndexOptions().sparse(true).name("apns_token"))))),
                Reactive.done(database.getCollection(CONVERSATIONS).createIndexes(List.of(
                        new IndexModel(Indexes.ascending("participantsHash"),
                                new IndexOptions().name("participants"))))),
                Reactive.done(database.getCollection(MEMBERS).createIndexes(List.of(
                        // a user's conversation list, most recent first, paged by (activityAt, conversationId)
                        new IndexModel(Indexes.compoundIndex(Indexes.ascending("userId", "active"),
                                Indexes.descending("activityAt"), Indexes.ascending("conversationId")),
                                new IndexOptions().name("user_activity")),
                        // a conversation's members, paged by user id; also the fan-out and touch queries
                        new IndexModel(Indexes.ascending("conversationId", "active", "userId"),
                                new IndexOptions().name("conversation_members"))))),
                Reactive.done(database.getCollection(CONTACTS).createIndexes(List.of(
                        new IndexModel(Indexes.ascending("users"), new IndexOptions().name("users"))))));
    }

    /** Round trip to the server: completes when it answers a ping. */
    public @NotNull CompletableFuture<Void> ping() {
        return Reactive.done(database.runCommand(new Document("ping", 1)));
    }

    public @NotNull UserStore users() {
        return users;
    }

    public @NotNull DeviceStore devices() {
        return devices;
    }

    public @NotNull ConversationStore conversations() {
        return conversations;
    }

    public @NotNull ContactStore contacts() {
        return contacts;
    }

    public @NotNull MemberStore members() {
        return members;
    }

    /** How many commands this client has sent to the server: what a code path costs in round trips. */
    public long commandCount() {
        return commands.get();
    }

    public @NotNull MessageLog messages() {
        return messages;
    }

    /** Messages and sync-stream entries submitted and not yet sent to the store (both logs, both queues). */
    public int pendingAppends() {
        return messages.queued() + messages.queuedDocuments() + syncStreams.queued() + syncStreams.queuedDocuments();
    }

    public @NotNull FanoutCheckpoints fanoutCheckpoints() {
        return fanoutCheckpoints;
    }

    public @NotNull SyncStream syncStreams() {
        return syncStreams;
    }

    @Override
    public void close() {
        client.close();
    }
}
