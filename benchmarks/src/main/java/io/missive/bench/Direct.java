package io.missive.bench;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Scenarios 1 and 2: N publisher/subscriber pairs through the raw broker (QoS 1), and N pairs of
 * Missive users, each message stored, acknowledged to its sender (SendAck) and delivered to the
 * peer's device, whose stream is acknowledged in batches. Each server is first warmed up until its
 * throughput stops rising; then the closed loop for the maximum, with where its time went
 * ({@link StageReadings}), then an open loop at half of Missive's maximum for latency; then the same
 * closed loop through the Java SDK ({@link Sdk}).
 */
final class Direct {

    static final @NotNull String SCENARIO = "1:1";
    /** The extension's count of the MongoDB commands it sent (every command, reads included). */
    static final @NotNull String MONGO_COMMANDS = "io.missive.mongo.commands";
    /** The extension's count of the Redis commands it sent (a script counts once). */
    static final @NotNull String REDIS_COMMANDS = "io.missive.redis.commands";
    private static final int OPEN_LOOP_WINDOW = 1_000;

    private Direct() {
    }

    static void run(final @NotNull Context ctx) {
        final Profile p = ctx.profile;
        final Map<ServerProcess, Loop> loops = new HashMap<>();
        final List<Mqtt5AsyncClient> rawClients = new ArrayList<>();
        final List<MissiveDevice> devices = new ArrayList<>();
        try {
            for (final ServerProcess reference : ctx.references()) {
                loops.put(reference, rawPairs(reference, p, rawClients));
            }
            for (final ServerProcess missive : ctx.missives) {
                loops.put(missive, missivePairs(ctx, missive, devices));
            }
            try (AutoCloseable acks = ctx.acknowledging(devices)) {
                for (final ServerProcess server : ctx.order(0)) {
                    SteadyState.warmUp(ctx, "1:1", server, loops.get(server), p.window());
                }
                final Report.Row throughput = ctx.report.row(SCENARIO, "messages/s, " + p.pairs() + " pairs, window "
                        + p.window() + ", " + p.payloadBytes() + " B");
                throughput.target = "≥ 25 % of raw";
                throughput.minRatio = 0.25;
                final Report.Row p50 = ctx.report.row(SCENARIO, "p50 ms at full load");
                final Report.Row p99 = ctx.report.row(SCENARIO, "p99 ms at full load");
                final Report.Row p999 = ctx.report.row(SCENARIO, "p99.9 ms at full load");
                for (final Report.Row row : List.of(p50, p99, p999)) {
                    row.ratio = false;
                }
                final StageFigures.Rows cpu = StageFigures.Rows.of(ctx.report, SCENARIO, "", "", false);
                final Report.Row commands = ctx.report.row(SCENARIO, "MongoDB commands per message");
                commands.ratio = false;
                final String run = "1:1 closed loop, " + p.pairs() + " pairs, window " + p.window();
                for (int round = 0; round < p.rounds(); round++) {
                    for (final ServerProcess server : ctx.order(round)) {
                        final var before = server.storeCommands();
                        final long mongoBefore = ctx.isMissive(server) ? server.metric(MONGO_COMMANDS) : 0;
                        final Loop.Result result = StageReadings.closedLoop(ctx, run, "1:1 round " + round, server,
                                loops.get(server), p.window(), cpu);
                        check(ctx, server, result);
                        if (ctx.isMissive(server) && result.sent() > 0) {
                            commands.column(server).add((server.metric(MONGO_COMMANDS) - mongoBefore)
                                    / (double) result.sent());
                        }
                        if (before.isPresent()) {
                            ctx.log.accept("1:1 MongoDB commands served in the run (" + result.sent() + " messages sent): "
                                    + ServerProcess.difference(server.storeCommands().orElseThrow(), before.get()));
                        }
                        throughput.column(server).add(result.messagesPerSecond());
                        latencies(ctx, "1:1 round " + round, server, result, p50, p99, p999);
                    }
                }
                // each Missive server at half of its own maximum; the references at the first one's rate
                final Map<ServerProcess, Double> rates = new HashMap<>();
                for (final ServerProcess missive : ctx.missives) {
                    rates.put(missive, throughput.column(missive).median() / 2);
                }
                for (final ServerProcess reference : ctx.references()) {
                    rates.put(reference, rates.get(ctx.missives.get(0)));
                }
                final Report.Row offered = ctx.report.row(SCENARIO, "half load: msg/s offered (half of Missive's maximum)");
                final Report.Row h50 = ctx.report.row(SCENARIO, "p50 ms at half load");
                final Report.Row h99 = ctx.report.row(SCENARIO, "p99 ms at half load");
                final Report.Row h999 = ctx.report.row(SCENARIO, "p99.9 ms at half load");
                for (final Report.Row row : List.of(offered, h50, h99, h999)) {
                    row.ratio = false;
                }
                h99.target = "≤ 20 ms";
                h99.maxValue = 20.0;
                final StageFigures.Rows halfCpu = StageFigures.Rows.of(ctx.report, SCENARIO, "half load: ", "", false);
                final String halfRun = "1:1 open loop at half load, " + p.pairs() + " pairs";
                for (int round = 0; round < p.rounds(); round++) {
                    for (final ServerProcess server : ctx.order(round)) {
                        final double rate = rates.get(server);
                        final Loop.Result result = StageReadings.openLoop(ctx, halfRun, "1:1 half-load round " + round,
                                server, loops.get(server), rate, OPEN_LOOP_WINDOW, halfCpu);
                        check(ctx, server, result);
                        offered.column(server).add(rate);
                        latencies(ctx, "1:1 half-load round " + round, server, result, h50, h99, h999);
                    }
                }
            }
        } catch (final Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            Load.disconnectAll(rawClients);
            Load.disconnectAll(devices.stream().map(MissiveDevice::client).toList());
        }
        Sdk.run(ctx);
    }

    /** Records p50, p99 and (when given a row) p99.9 of a run, and logs the run. */
    static void latencies(final @NotNull Context ctx, final @NotNull String run, final @NotNull ServerProcess server,
                                  final @NotNull Loop.Result result, final @NotNull Report.Row p50,
                                  final @NotNull Report.Row p99, final @Nullable Report.Row p999) {
        p50.column(server).add(result.percentileMillis(50));
        p99.column(server).add(result.percentileMillis(99));
        if (p999 != null) {
            p999.column(server).add(result.percentileMillis(99.9));
        }
        ctx.log.accept(String.format("%s %-24s %,10.0f msg/s  p50 %.2f ms  p99 %.2f ms", run, server.name(),
                result.messagesPerSecond(), result.percentileMillis(50), result.percentileMillis(99)));
    }

    static void check(final @NotNull Context ctx, final @NotNull ServerProcess server, final Loop.Result result) {
        if (result.errors() > 0 || result.lost() > 0) {
            ctx.report.note(server.name() + ": " + result.errors() + " sends refused or held back and " + result.lost()
                    + " not delivered within 30 s after a run (of " + result.sent() + ")");
        }
    }

    private static @NotNull Loop rawPairs(final @NotNull ServerProcess server, final @NotNull Profile p,
                                          final @NotNull List<Mqtt5AsyncClient> clients) {
        final String prefix = "pair-" + server.port() + "-";
        final Mqtt5AsyncClient[] publishers = new Mqtt5AsyncClient[p.pairs()];
        final Loop[] loop = new Loop[1];
        final List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (int i = 0; i < p.pairs(); i++) {
            final Mqtt5AsyncClient subscriber = Load.client(prefix + "s" + i, server.port(), publish -> {
                final byte[] payload = publish.getPayloadAsBytes();
                loop[0].delivered(Payloads.id(payload), Payloads.sentNanos(payload));
            });
            publishers[i] = Load.client(prefix + "p" + i, server.port(), publish -> {
            });
            final String topic = "bench/pair/" + i;
            ready.add(Load.connect(subscriber, null, null).thenCompose(x -> Load.subscribe(subscriber, List.of(topic))));
            ready.add(Load.connect(publishers[i], null, null));
            clients.add(subscriber);
            clients.add(publishers[i]);
        }
        Load.await(CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)), 120, "pairs on " + server.name());
        loop[0] = new Loop(p.pairs(), 1, (sender, id, nanos) -> Load.publish(publishers[sender], "bench/pair/" + sender,
                Payloads.bytes(id, nanos, p.payloadBytes())));
        return loop[0];
    }

    private static @NotNull Loop missivePairs(final @NotNull Context ctx, final @NotNull ServerProcess server,
                                              final @NotNull List<MissiveDevice> all) {
        final Profile p = ctx.profile;
        final List<MissiveDevice> devices = new ArrayList<>();
        final List<String> users = IntStream.range(0, p.pairs()).boxed()
                .flatMap(i -> Stream.of("pa" + i, "pb" + i)).toList();
        final List<Provisioner.Account> accounts = ctx.provisioner(server).accounts(users);
        final Loop[] loop = new Loop[1];
        final MissiveDevice[] senders = new MissiveDevice[p.pairs()];
        for (int i = 0; i < p.pairs(); i++) {
            senders[i] = new MissiveDevice(accounts.get(2 * i), server.port());
            final MissiveDevice receiver = new MissiveDevice(accounts.get(2 * i + 1), server.port());
            receiver.onEvent(event -> {
                if (event.hasMessage() && !event.getMessage().getSenderUserId().equals(receiver.userId())) {
                    final String text = event.getMessage().getContent().getText();
                    loop[0].delivered(Payloads.id(text), Payloads.sentNanos(text));
                }
            });
            devices.add(senders[i]);
            devices.add(receiver);
        }
        Load.forEach(devices, 64, 120, d -> d.connect().thenCompose(x -> d.catchUp(500)));
        all.addAll(devices);
        loop[0] = new Loop(p.pairs(), 1, (sender, id, nanos) -> senders[sender].request(Uplink.newBuilder()
                .setSend(SendMessage.newBuilder()
                        .setClientMsgId("m" + id)
                        .setToUserId("pb" + sender)
                        .setContent(Content.newBuilder().setText(Payloads.text(id, nanos, p.payloadBytes()))))
                .build()));
        return loop[0];
    }
}
