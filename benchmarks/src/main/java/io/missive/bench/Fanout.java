package io.missive.bench;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.missive.protocol.v1.ChangeMembers;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scenario 3: a group of M online members with a few speakers. A message is done when every
 * listening member (all but the speakers) received it; each speaker keeps a few messages in
 * flight. The raw reference: the same number of subscribers on one topic, the same speakers.
 * Also counts the Redis commands Missive spends per group message (unread counters), and where a
 * group message's time goes ({@link StageReadings}).
 */
final class Fanout {

    static final @NotNull String SCENARIO = "group fan-out";
    private static final int MEMBERS_PER_REQUEST = 1_000;

    private Fanout() {
    }

    static void run(final @NotNull Context ctx, final int members) {
        final Profile p = ctx.profile;
        final int speakers = p.speakers();
        final int listeners = members - speakers;
        final Map<ServerProcess, Loop> loops = new HashMap<>();
        final List<Mqtt5AsyncClient> rawClients = new ArrayList<>();
        final List<MissiveDevice> devices = new ArrayList<>();
        try {
            for (final ServerProcess reference : ctx.references()) {
                loops.put(reference, rawGroup(reference, members, p, rawClients));
            }
            for (final ServerProcess missive : ctx.missives) {
                final String conversation = missiveGroup(ctx, missive, members, devices, loops);
                ctx.log.accept(missive.name() + ": group " + conversation + " of " + members + " members ready");
            }
            try (AutoCloseable acks = ctx.acknowledging(devices)) {
                final String size = String.format("%,d", members);
                final Report.Row deliveries = ctx.report.row(SCENARIO, "deliveries/s, " + size + " members, "
                        + speakers + " speakers");
                deliveries.target = "≥ 50 % of raw";
                deliveries.minRatio = 0.5;
                final Report.Row p50 = ctx.report.row(SCENARIO, "p50 ms per delivery, " + size + " members");
                final Report.Row p99 = ctx.report.row(SCENARIO, "p99 ms per delivery, " + size + " members");
                p50.ratio = false;
                p99.ratio = false;
                final Report.Row mongo = ctx.report.row(SCENARIO, "MongoDB commands per message, " + size + " members");
                mongo.ratio = false;
                final Report.Row redis = ctx.report.row(SCENARIO, "Redis commands per message, " + size + " members");
                redis.ratio = false;
                redis.target = "one increment per member would be " + String.format("%,d", listeners + speakers - 1);
                final StageFigures.Rows cpu = StageFigures.Rows.of(ctx.report, SCENARIO, "", ", " + size + " members", false);
                final String run = "group fan-out, " + size + " members, " + speakers + " speakers";
                // unmeasured until the throughput stops rising: compiles the group path, and lets each new
                // member's unread counters be reconciled once (their first count ever), which is not the steady state
                for (final ServerProcess server : ctx.order(0)) {
                    SteadyState.warmUp(ctx, "fan-out " + members, server, loops.get(server), p.fanoutWindow());
                }
                for (int round = 0; round < p.rounds(); round++) {
                    for (final ServerProcess server : ctx.order(round)) {
                        final boolean missive = ctx.isMissive(server);
                        final long redisBefore = missive ? server.metric(Direct.REDIS_COMMANDS) : 0;
                        final long mongoBefore = missive ? server.metric(Direct.MONGO_COMMANDS) : 0;
                        final Loop.Result result = StageReadings.closedLoop(ctx, run, "fan-out " + members + " round "
                                + round, server, loops.get(server), p.fanoutWindow(), cpu);
                        Direct.check(ctx, server, result);
                        deliveries.column(server).add(result.deliveriesPerSecond());
                        p50.column(server).add(result.percentileMillis(50));
                        p99.column(server).add(result.percentileMillis(99));
                        if (missive && result.sent() > 0) {
                            // the counters of the last flush interval are written after the run: wait for them
                            mongo.column(server).add((server.metric(Direct.MONGO_COMMANDS) - mongoBefore)
                                    / (double) result.sent());
                            redis.column(server).add((settled(server, Direct.REDIS_COMMANDS) - redisBefore)
                                    / (double) result.sent());
                        }
                        ctx.log.accept(String.format("fan-out %d round %d %-24s %,10.0f deliveries/s  p50 %.2f ms  p99 %.2f ms",
                                members, round, server.name(), result.deliveriesPerSecond(),
                                result.percentileMillis(50), result.percentileMillis(99)));
                    }
                }
            }
        } catch (final Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            Load.disconnectAll(rawClients);
            Load.disconnectAll(devices.stream().map(MissiveDevice::client).toList());
        }
    }

    /** A metric once two readings half a second apart agree (bounded): the counters flush on a timer. */
    private static long settled(final @NotNull ServerProcess server, final @NotNull String metric)
            throws InterruptedException {
        long previous = server.metric(metric);
        for (int i = 0; i < 20; i++) {
            Thread.sleep(500); // the server's own flush timer: nothing to wait on from here
            final long now = server.metric(metric);
            if (now == previous) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    private static @NotNull Loop rawGroup(final @NotNull ServerProcess server, final int members,
                                          final @NotNull Profile p, final @NotNull List<Mqtt5AsyncClient> clients) {
        final String topic = "bench/group/" + members;
        final String prefix = "group-" + members + "-" + server.port() + "-";
        final Loop[] loop = new Loop[1];
        final List<Mqtt5AsyncClient> listeners = new ArrayList<>();
        for (int i = 0; i < members - p.speakers(); i++) {
            listeners.add(Load.client(prefix + "l" + i, server.port(), publish -> {
                final byte[] payload = publish.getPayloadAsBytes();
                loop[0].delivered(Payloads.id(payload), Payloads.sentNanos(payload));
            }));
        }
        final List<Mqtt5AsyncClient> speakers = new ArrayList<>();
        for (int i = 0; i < p.speakers(); i++) {
            speakers.add(Load.client(prefix + "s" + i, server.port(), publish -> {
            }));
        }
        clients.addAll(listeners);
        clients.addAll(speakers);
        Load.forEach(listeners, p.connectConcurrency(), 300,
                c -> Load.connect(c, null, null).thenCompose(x -> Load.subscribe(c, List.of(topic))));
        Load.forEach(speakers, p.connectConcurrency(), 300, c -> Load.connect(c, null, null));
        loop[0] = new Loop(p.speakers(), members - p.speakers(), (sender, id, nanos) ->
                Load.publish(speakers.get(sender), topic, Payloads.bytes(id, nanos, p.payloadBytes())));
        return loop[0];
    }

    private static @NotNull String missiveGroup(final @NotNull Context ctx, final @NotNull ServerProcess server,
                                                final int members,
                                                final @NotNull List<MissiveDevice> devices,
                                                final @NotNull Map<ServerProcess, Loop> loops) {
        final Profile p = ctx.profile;
        final List<String> users = IntStream.range(0, members).mapToObj(i -> "g" + members + "m" + i).toList();
        final List<Provisioner.Account> accounts = ctx.provisioner(server).accounts(users);
        final Loop[] loop = new Loop[1];
        final List<MissiveDevice> all = devices;
        final List<MissiveDevice> group = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            final MissiveDevice device = new MissiveDevice(accounts.get(i), server.port());
            if (i >= p.speakers()) {
                device.onEvent(event -> {
                    if (event.getVersion() == 0 && event.hasMessage() && event.getMessage().hasContent()) {
                        final String text = event.getMessage().getContent().getText();
                        loop[0].delivered(Payloads.id(text), Payloads.sentNanos(text));
                    }
                });
            }
            group.add(device);
        }
        all.addAll(group);
        final MissiveDevice owner = group.get(0);
        Load.await(owner.connect(), 60, "group owner connects");
        final List<String> others = users.subList(1, users.size());
        final String conversation = Load.await(owner.request(Uplink.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                .setRequestId("create-" + members)
                .setName("bench " + members)
                .addAllMemberIds(others.subList(0, Math.min(MEMBERS_PER_REQUEST, others.size())))).build()),
                600, "create the group").getGroup().getConversationId();
        for (int from = MEMBERS_PER_REQUEST; from < others.size(); from += MEMBERS_PER_REQUEST) {
            final List<String> chunk = others.subList(from, Math.min(from + MEMBERS_PER_REQUEST, others.size()));
            Load.await(owner.request(Uplink.newBuilder().setAddMembers(ChangeMembers.newBuilder()
                    .setRequestId("add-" + members + "-" + from)
                    .setConversationId(conversation)
                    .addAllUserIds(chunk)).build()), 600, "add members " + from);
        }
        // every member's device connects and follows its stream (a SyncRequest on the connection)
        Load.forEach(group.subList(1, group.size()), p.connectConcurrency(), 600, d -> d.connect());
        Load.forEach(group, p.connectConcurrency(), 600, d -> d.catchUp(500));
        final List<MissiveDevice> speakers = group.subList(0, p.speakers());
        loop[0] = new Loop(p.speakers(), members - p.speakers(), (sender, id, nanos) -> speakers.get(sender)
                .request(Uplink.newBuilder().setSend(SendMessage.newBuilder()
                        .setClientMsgId("g" + id)
                        .setConversationId(conversation)
                        .setContent(Content.newBuilder().setText(Payloads.text(id, nanos, p.payloadBytes()))))
                        .build()));
        loops.put(server, loop[0]);
        return conversation;
    }
}
