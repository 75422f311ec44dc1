package io.missive.bench;

import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveConnectException;
import io.missive.sdk.OutgoingMessage;
import org.jetbrains.annotations.NotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The 1:1 closed loop through the Java SDK (on Paho, a few threads per client, so fewer pairs): what
 * an app sees, SDK included, on the servers {@link Direct} measured (warm by then), with where its
 * time went ({@link StageReadings}). The raw broker has no SDK: no ratio.
 */
final class Sdk {

    private Sdk() {
    }

    static void run(final @NotNull Context ctx) {
        final Profile p = ctx.profile;
        final Report.Row throughput = ctx.report.row(Direct.SCENARIO, "Java SDK: messages/s, " + p.sdkPairs() + " pairs, window "
                + p.window());
        final Report.Row p50 = ctx.report.row(Direct.SCENARIO, "Java SDK: p50 ms");
        final Report.Row p99 = ctx.report.row(Direct.SCENARIO, "Java SDK: p99 ms");
        for (final Report.Row row : List.of(throughput, p50, p99)) {
            row.ratio = false;
        }
        // the SDK's clients start cold, and their throughput is not held to anything: a window may complete nothing
        final StageFigures.Rows cpu = StageFigures.Rows.of(ctx.report, Direct.SCENARIO, "Java SDK: ", "", true);
        final String run = "1:1 closed loop through the Java SDK, " + p.sdkPairs() + " pairs, window " + p.window();
        final Map<ServerProcess, Loop> loops = new HashMap<>();
        final List<MissiveClient> clients = new ArrayList<>();
        try {
            for (final ServerProcess missive : ctx.missives) {
                try {
                    loops.put(missive, sdkPairs(ctx, missive, clients));
                } catch (final RuntimeException e) {
                    // e.g. a store still catching up after the previous runs: the other server is still measured
                    ctx.report.note("Java SDK on " + missive.name() + ": not measured: " + e.getMessage());
                }
            }
            for (int round = 0; round < p.rounds(); round++) {
                for (final ServerProcess server : ctx.order(round)) {
                    if (!loops.containsKey(server)) {
                        continue;
                    }
                    final Loop.Result result = StageReadings.closedLoop(ctx, run, "1:1 SDK round " + round, server,
                            loops.get(server), p.window(), cpu);
                    Direct.check(ctx, server, result);
                    throughput.column(server).add(result.messagesPerSecond());
                    Direct.latencies(ctx, "1:1 SDK round " + round, server, result, p50, p99, null);
                }
            }
        } finally {
            clients.forEach(client -> client.close().exceptionally(e -> null).join());
        }
    }

    private static @NotNull Loop sdkPairs(final @NotNull Context ctx, final @NotNull ServerProcess server,
                                          final @NotNull List<MissiveClient> all) {
        final Profile p = ctx.profile;
        final List<String> users = IntStream.range(0, p.sdkPairs()).boxed()
                .flatMap(i -> Stream.of("sa" + i, "sb" + i)).toList();
        final List<Provisioner.Account> accounts = ctx.provisioner(server).accounts(users);
        final Loop[] loop = new Loop[1];
        final MissiveClient[] senders = new MissiveClient[p.sdkPairs()];
        final List<MissiveClient> clients = new ArrayList<>();
        for (int i = 0; i < p.sdkPairs(); i++) {
            senders[i] = sdkClient(server, accounts.get(2 * i));
            final Provisioner.Account peer = accounts.get(2 * i + 1);
            final MissiveClient receiver = sdkClient(server, peer);
            receiver.addMessageListener(message -> {
                if (!message.senderUserId().equals(peer.userId())) {
                    message.text().ifPresent(text -> loop[0].delivered(Payloads.id(text), Payloads.sentNanos(text)));
                }
            });
            clients.add(senders[i]);
            clients.add(receiver);
        }
        all.addAll(clients);
        // a server that cannot check credentials right now (0x88/0x89) is asked again, as apps do
        Load.forEach(clients, 16, 180, client -> Load.retrying(client::connect, 20, Duration.ofSeconds(2),
                error -> error instanceof MissiveConnectException));
        loop[0] = new Loop(p.sdkPairs(), 1, (sender, id, nanos) -> senders[sender].send(OutgoingMessage
                .toUser("sb" + sender)
                .text(Payloads.text(id, nanos, p.payloadBytes()))
                .clientMsgId("s" + id)
                .build()));
        return loop[0];
    }

    private static @NotNull MissiveClient sdkClient(final @NotNull ServerProcess server,
                                                    final @NotNull Provisioner.Account account) {
        return MissiveClient.builder()
                .serverUri("tcp://127.0.0.1:" + server.port())
                .userId(account.userId())
                .deviceId(account.deviceId())
                .token(account.token())
                .automaticReconnect(false)
                .build();
    }
}
