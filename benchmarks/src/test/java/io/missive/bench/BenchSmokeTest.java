package io.missive.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark command, tiny: every scenario against real server processes (raw HiveMQ CE and the
 * Missive server jar), so the harness cannot rot. No timing is asserted: only that every scenario
 * measured something for both servers (every reading of where the time goes included, "–" only where
 * a configuration cannot have the figure or the server has no such metric), and that nothing sent
 * was refused or lost.
 */
@Tag("end-to-end") // real server processes: the integration-test phase (mvn verify)
class BenchSmokeTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // every scenario, every server process: longer than the default
    void every_scenario_runs_against_both_servers_and_loses_nothing() throws Exception {
        final Path serverJar = Path.of(System.getProperty("missive.bench.server-jar"));
        assertThat(serverJar).as("the Missive server jar, built by the reactor before this module").isRegularFile();
        final Path work = Files.createTempDirectory("missive-bench-smoke-");
        // the work directory is removed after the run; the report is written elsewhere
        final Path out = Files.createTempFile("missive-bench-smoke-", ".md");
        final List<String> log = new ArrayList<>();

        final Bench.Outcome outcome = Bench.run(new Bench.Options(Profile.smoke(), new LinkedHashSet<>(Bench.SCENARIOS),
                new LinkedHashSet<>(Bench.STORES), false, serverJar, work, out), log::add);

        final List<Report.Row> rows = outcome.report().rows();
        assertThat(rows).extracting(row -> row.scenario)
                .contains(Direct.SCENARIO, Fanout.SCENARIO, Resume.SCENARIO, Connections.SCENARIO);
        final List<String> missives = Bench.STORES.stream().map(Bench.STORE_NAMES::get).toList();
        for (final Report.Row row : rows) {
            for (final String missive : missives) {
                if (row.optional && row.column(missive).isEmpty()) {
                    continue; // e.g. the store process of the embedded store, which has none
                }
                assertThat(row.column(missive).count()).as("%s: %s / %s", missive, row.scenario, row.metric).isEqualTo(1);
                assertThat(row.column(missive).median()).as("%s: %s / %s", missive, row.scenario, row.metric).isFinite();
            }
        }
        // the store process's CPU apart from the server's, where there is one
        assertThat(rows).filteredOn(row -> row.metric.startsWith("store process CPU")).isNotEmpty()
                .allSatisfy(row -> assertThat(row.column(Bench.STORE_NAMES.get("memory")).count()).isEqualTo(1));
        // where the time goes: a table per measured run and Missive configuration, its CPU lines measured
        final List<Breakdown.Table> tables = outcome.report().breakdown().tables();
        for (final String missive : missives) {
            // 1:1 closed loop, 1:1 open loop at half load, SDK, fan-out
            assertThat(tables).filteredOn(table -> table.title.endsWith(missive)).hasSize(4);
            assertThat(tables).filteredOn(table -> table.title.endsWith(missive))
                    .anyMatch(table -> table.title.contains("half load"));
        }
        for (final Breakdown.Table table : tables) {
            final List<Breakdown.Line> cpu = table.lines().stream()
                    .filter(line -> line.section == Breakdown.Section.CPU).toList();
            assertThat(cpu).extracting(line -> line.label).hasSize(6);
            // per message needs messages in the window: the SDK's throughput is not held to anything
            final boolean completed = cpu.stream().filter(line -> line.label.startsWith("messages/s"))
                    .allMatch(line -> line.value.median() > 0);
            for (final Breakdown.Line line : cpu) {
                if (line.label.startsWith("store process") || line.label.contains("per message") && !completed) {
                    continue;
                }
                assertThat(line.value.count()).as("%s: %s", table.title, line.label).isEqualTo(1);
            }
            assertThat(table.lines()).extracting(line -> line.label)
                    .anyMatch(label -> label.contains("`send.stored`"))
                    .anyMatch(label -> label.startsWith("store command"))
                    .anyMatch(label -> label.startsWith("documents waiting for a store slot"));
        }
        assertThat(outcome.report().notes()).as("refused, held back or lost messages").isEmpty();
        assertThat(outcome.markdown()).contains("| scenario |", "÷ raw").isEqualTo(Files.readString(out));
        assertThat(outcome.markdown()).contains("Where the time goes", "| stage or figure | p50 ms | p99 ms | value |");
        assertThat(log).anyMatch(line -> line.startsWith("1:1 warm-up Missive (memory store)"))
                .anyMatch(line -> line.startsWith("1:1 round 0 Missive (memory store)") && line.contains("stages p50/p99"))
                .anyMatch(line -> line.startsWith("1:1 round 0 Missive (embedded store)")
                        && line.contains("CPU µs per message"))
                .anyMatch(line -> line.startsWith("resume round 0 Missive (memory store)"))
                .anyMatch(line -> line.startsWith("resume round 0 Missive (embedded store)"));
        assertThat(work).as("the run's work directory is removed").doesNotExist();
        Files.delete(out);
    }
}
