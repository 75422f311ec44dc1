package io.missive.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark command, tiny: every scenario against real server processes (raw HiveMQ CE and the
 * Missive server jar), so the harness cannot rot. No timing is asserted: only that every scenario
 * measured something for both servers, and that nothing sent was refused or lost.
 */
class BenchSmokeTest {

    @Test
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
                assertThat(row.column(missive).count()).as("%s: %s / %s", missive, row.scenario, row.metric).isEqualTo(1);
                assertThat(row.column(missive).median()).as("%s: %s / %s", missive, row.scenario, row.metric).isFinite();
            }
        }
        // the figures that the raw broker has too, with a real value on both sides
        for (final Report.Row row : rows) {
            if (row.metric.startsWith("messages/s") || row.metric.startsWith("deliveries/s")
                    || row.metric.startsWith("connects/s") || row.metric.startsWith("ms until")
                    && !row.scenario.equals(Connections.SCENARIO)) {
                assertThat(row.column("raw HiveMQ CE").median()).as("raw: %s / %s", row.scenario, row.metric).isPositive();
                for (final String missive : missives) {
                    assertThat(row.column(missive).median()).as("%s: %s / %s", missive, row.scenario, row.metric)
                            .isPositive();
                }
            }
        }
        assertThat(outcome.report().notes()).as("refused, held back or lost messages").isEmpty();
        assertThat(outcome.markdown()).contains("| scenario |", "÷ raw").isEqualTo(Files.readString(out));
        assertThat(log).anyMatch(line -> line.startsWith("resume round 0 Missive (memory store)"))
                .anyMatch(line -> line.startsWith("resume round 0 Missive (embedded store)"));
        assertThat(work).as("the run's work directory is removed").doesNotExist();
        Files.delete(out);
    }
}
