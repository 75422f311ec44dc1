package io.missive.bench;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Scenario 4: a device K messages behind reconnects; how long until it holds all of them. Missive:
 * token login, both subscriptions, then the sync stream paged (500 per page) to its end. The raw
 * reference: a persistent MQTT session (clean start off) that missed K QoS 1 messages reconnects
 * and receives its queue.
 */
final class Resume {

    static final @NotNull String SCENARIO = "resume";
    private static final int SEND_WINDOW = 64;
    private static final int PAGE = 500;
    /** The round number of the unmeasured warm-up resume. */
    private static final int WARM_UP = 99;

    private Resume() {
    }

    static void run(final @NotNull Context ctx) {
        final Profile p = ctx.profile;
        final int k = p.resumeMessages();
        final Report.Row row = ctx.report.row(SCENARIO, "ms until " + String.format("%,d", k)
                + " missed messages are on the device");
        row.target = "≤ 1,000 ms";
        row.maxValue = 1_000.0;
        row.ratio = false;
        // steady state: one unmeasured resume per server first (its paging code runs cold otherwise)
        for (final ServerProcess server : ctx.order(0)) {
            final double millis = ctx.isMissive(server) ? missive(ctx, server, WARM_UP, k) : raw(server, WARM_UP, k);
            ctx.log.accept(String.format("resume warm-up %-24s %,d messages in %.0f ms (not measured)", server.name(),
                    k, millis));
        }
        for (int round = 0; round < p.rounds(); round++) {
            for (final ServerProcess server : ctx.order(round)) {
                final double millis = ctx.isMissive(server) ? missive(ctx, server, round, k) : raw(server, round, k);
                row.column(server).add(millis);
                ctx.log.accept(String.format("resume round %d %-24s %,d messages in %.0f ms", round, server.name(), k, millis));
            }
        }
    }

    private static double missive(final @NotNull Context ctx, final @NotNull ServerProcess server, final int round,
                                  final int k) {
        final List<Provisioner.Account> accounts = ctx.provisioner(server).accounts(List.of("rs" + round, "rb" + round));
        final MissiveDevice sender = new MissiveDevice(accounts.get(0), server.port());
        Load.await(sender.connect(), 60, "resume sender connects");
        final String to = accounts.get(1).userId();
        Load.forEach(IntStream.range(0, k).boxed().toList(), SEND_WINDOW, 600, i -> sender.request(Uplink.newBuilder()
                .setSend(SendMessage.newBuilder().setClientMsgId("r" + i).setToUserId(to)
                        .setContent(Content.newBuilder().setText(Payloads.text(i, 0, ctx.profile.payloadBytes()))))
                .build()));
        Load.await(sender.disconnect(), 60, "resume sender disconnects");
        final MissiveDevice behind = new MissiveDevice(accounts.get(1), server.port());
        final AtomicInteger messages = new AtomicInteger();
        behind.onEvent(event -> {
            if (event.hasMessage()) {
                messages.incrementAndGet();
            }
        });
        final long start = System.nanoTime();
        final long version = Load.await(behind.connect().thenCompose(x -> behind.catchUp(PAGE)), 600, "resume");
        final double millis = (System.nanoTime() - start) / 1e6;
        behind.flushAck();
        Load.await(behind.disconnect(), 60, "resumed device disconnects");
        if (messages.get() < k || version < k) {
            throw new IllegalStateException("the resumed device got " + messages.get() + " messages (version "
                    + version + ") of " + k);
        }
        return millis;
    }

    private static double raw(final @NotNull ServerProcess server, final int round, final int k) {
        final String prefix = "resume-" + server.port() + "-" + round;
        final String topic = "bench/resume/" + round;
        final AtomicInteger received = new AtomicInteger();
        final CompletableFuture<Void> all = new CompletableFuture<>();
        // subscribe with a persistent session, then go away
        final Mqtt5AsyncClient first = Load.client(prefix + "-b", server.port(), publish -> {
        });
        Load.await(persistent(first, true).thenCompose(x -> Load.subscribe(first, List.of(topic)))
                .thenCompose(x -> first.disconnect()), 60, "persistent subscriber");
        final Mqtt5AsyncClient publisher = Load.client(prefix + "-s", server.port(), publish -> {
        });
        Load.await(Load.connect(publisher, null, null), 60, "resume publisher connects");
        Load.forEach(IntStream.range(0, k).boxed().toList(), SEND_WINDOW, 600,
                i -> Load.publish(publisher, topic, Payloads.bytes(i, 0, 256)));
        Load.await(publisher.disconnect(), 60, "resume publisher disconnects");
        final Mqtt5AsyncClient again = Load.client(prefix + "-b", server.port(), publish -> {
            if (received.incrementAndGet() == k) {
                all.complete(null);
            }
        });
        final long start = System.nanoTime();
        Load.await(persistent(again, false).thenCompose(x -> all), 600, "raw resume");
        final double millis = (System.nanoTime() - start) / 1e6;
        Load.await(again.disconnectWith().sessionExpiryInterval(0).send(), 60, "raw resumed disconnects");
        return millis;
    }

    private static @NotNull CompletableFuture<Void> persistent(final @NotNull Mqtt5AsyncClient client, final boolean clean) {
        return client.connectWith().cleanStart(clean).sessionExpiryInterval(TimeUnit.HOURS.toSeconds(1)).keepAlive(600)
                .send().thenAccept(ack -> {
                    if (!clean && !ack.isSessionPresent()) {
                        throw new IllegalStateException("the broker lost the persistent session");
                    }
                });
    }
}
