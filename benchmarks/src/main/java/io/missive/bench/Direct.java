package io.missive.bench;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Scenarios 1 and 2: N publisher/subscriber pairs through the raw broker (QoS 1), and N pairs of
 * Missive users, each message stored, acknowledged to its sender (SendAck) and delivered to the
 * peer's device, whose stream is acknowledged in batches. Closed loop for the maximum, then an
 * open loop at half of Missive's maximum for latency.
 */
final class Direct {

    static final @NotNull String SCENARIO = "1:1";
    private static final int OPEN_LOOP_WINDOW = 1_000;

    private Direct() {
    }

    static void run(final @NotNull Context ctx) {
        final Profile p = ctx.profile;
        final Map<ServerProcess, Loop> loops = new HashMap<>();
        final List<Mqtt5AsyncClient> rawClients = new ArrayList<>();
        for (final ServerProcess reference : ctx.references()) {
            loops.put(reference, rawPairs(reference, p, rawClients));
        }
        final List<MissiveDevice> devices = new ArrayList<>();
        loops.put(ctx.missive, missivePairs(ctx, devices));
        try (AutoCloseable acks = ctx.acknowledging(devices)) {
            final Report.Row throughput = ctx.report.row(SCENARIO, "messages/s, " + p.pairs() + " pairs, window "
                    + p.window() + ", " + p.payloadBytes() + " B");
            throughput.target = "≥ 25 % of raw";
            final Report.Row p50 = ctx.report.row(SCENARIO, "p50 ms at full load");
            final Report.Row p99 = ctx.report.row(SCENARIO, "p99 ms at full load");
            final Report.Row p999 = ctx.report.row(SCENARIO, "p99.9 ms at full load");
            for (final Report.Row row : List.of(p50, p99, p999)) {
                row.ratio = false;
            }
            for (int round = 0; round < p.rounds(); round++) {
                for (final ServerProcess server : ctx.order(round)) {
                    final Loop.Result result = loops.get(server).closedLoop(p.window(), p.warmup(), p.measure());
                    check(ctx, server, result);
                    ctx.column(throughput, server).add(result.messagesPerSecond());
                    ctx.column(p50, server).add(result.percentileMillis(50));
                    ctx.column(p99, server).add(result.percentileMillis(99));
                    ctx.column(p999, server).add(result.percentileMillis(99.9));
                    ctx.log.accept(String.format("1:1 round %d %-14s %,10.0f msg/s  p50 %.2f ms  p99 %.2f ms",
                            round, server.name(), result.messagesPerSecond(), result.percentileMillis(50),
                            result.percentileMillis(99)));
                }
            }
            throughput.verdict = verdict(throughput.ratioValue(), 0.25);
            // half of Missive's own maximum, offered to every broker at the same rate
            final double half = throughput.missive.median() / 2;
            final Report.Row h50 = ctx.report.row(SCENARIO, "p50 ms at half load (" + Samples.number(half) + " msg/s)");
            final Report.Row h99 = ctx.report.row(SCENARIO, "p99 ms at half load");
            final Report.Row h999 = ctx.report.row(SCENARIO, "p99.9 ms at half load");
            for (final Report.Row row : List.of(h50, h99, h999)) {
                row.ratio = false;
            }
            h99.target = "≤ 20 ms";
            for (int round = 0; round < p.rounds(); round++) {
                for (final ServerProcess server : ctx.order(round)) {
                    final Loop.Result result = loops.get(server).openLoop(half, OPEN_LOOP_WINDOW, p.warmup(), p.measure());
                    check(ctx, server, result);
                    ctx.column(h50, server).add(result.percentileMillis(50));
                    ctx.column(h99, server).add(result.percentileMillis(99));
                    ctx.column(h999, server).add(result.percentileMillis(99.9));
                    ctx.log.accept(String.format("1:1 half-load round %d %-14s %,10.0f msg/s  p50 %.2f ms  p99 %.2f ms",
                            round, server.name(), result.messagesPerSecond(), result.percentileMillis(50),
                            result.percentileMillis(99)));
                }
            }
            h99.verdict = h99.missive.isEmpty() ? null : h99.missive.median() <= 20 ? "✔" : "✘";
        } catch (final Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            Load.disconnectAll(rawClients);
            Load.disconnectAll(devices.stream().map(MissiveDevice::client).toList());
        }
    }

    static @NotNull String verdict(final Double ratio, final double target) {
        return ratio == null ? "" : ratio >= target ? "✔" : "✘";
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

    private static @NotNull Loop missivePairs(final @NotNull Context ctx, final @NotNull List<MissiveDevice> devices) {
        final Profile p = ctx.profile;
        final List<String> users = IntStream.range(0, p.pairs()).boxed()
                .flatMap(i -> java.util.stream.Stream.of("pa" + i, "pb" + i)).toList();
        final List<Provisioner.Account> accounts = ctx.provisioner().accounts(users);
        final Loop[] loop = new Loop[1];
        final MissiveDevice[] senders = new MissiveDevice[p.pairs()];
        for (int i = 0; i < p.pairs(); i++) {
            senders[i] = new MissiveDevice(accounts.get(2 * i), ctx.missive.port());
            final MissiveDevice receiver = new MissiveDevice(accounts.get(2 * i + 1), ctx.missive.port());
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
        loop[0] = new Loop(p.pairs(), 1, (sender, id, nanos) -> senders[sender].request(Uplink.newBuilder()
                .setSend(SendMessage.newBuilder()
                        .setClientMsgId("m" + id)
                        .setToUserId("pb" + sender)
                        .setContent(Content.newBuilder().setText(Payloads.text(id, nanos, p.payloadBytes()))))
                .build()));
        return loop[0];
    }
}
