package io.missive.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The arithmetic of the readings and of the report, without servers. */
class ReadingsTest {

    private static Samples samples(final double... values) {
        final Samples samples = new Samples();
        for (final double value : values) {
            samples.add(value);
        }
        return samples;
    }

    @Test
    void a_figure_is_unstable_when_its_rounds_span_more_than_twice() {
        assertThat(samples(100).unstable()).as("one round").isFalse();
        assertThat(samples(100, 150, 200).unstable()).as("exactly 2×").isFalse();
        assertThat(samples(100, 150, 201).unstable()).isTrue();
        assertThat(samples(-100, -150, -201).unstable()).as("negative").isTrue();
        assertThat(samples(-1, 3).unstable()).as("across zero").isTrue();
        assertThat(samples(0, 0).unstable()).isFalse();
        assertThat(samples(100, 201).mark()).isEqualTo(" ⚠ unstable");
        assertThat(samples(100, 200).mark()).isEmpty();
    }

    @Test
    void small_figures_keep_their_digits() {
        assertThat(Samples.number(0)).isEqualTo("0.00");
        assertThat(Samples.number(0.0004)).isEqualTo("< 0.001");
        assertThat(Samples.number(0.0123)).isEqualTo("0.012");
        assertThat(Samples.number(0.5)).isEqualTo("0.50");
        assertThat(Samples.number(1234.5)).isEqualTo("1,235");
    }

    @Test
    void the_warm_up_ends_when_a_slice_stops_rising_within_its_bounds() {
        final SteadyState.Plan plan = new SteadyState.Plan(Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(180));
        assertThat(plan.reached(List.of(100.0, 100.0, 100.0, 100.0, 100.0))).as("before 60 s").isFalse();
        assertThat(plan.reached(List.of(100.0, 200.0, 300.0, 400.0, 500.0, 520.0))).as("4 % above the best").isTrue();
        assertThat(plan.reached(List.of(100.0, 200.0, 300.0, 400.0, 500.0, 530.0))).as("6 % above the best").isFalse();
        assertThat(plan.reached(List.of(100.0, 500.0, 300.0, 300.0, 300.0, 510.0))).as("below 5 % over an earlier best")
                .isTrue();
        final List<Double> rising = IntStream.range(0, 18).mapToObj(i -> Math.pow(2, i)).toList();
        assertThat(plan.reached(rising.subList(0, 17))).as("still rising at 170 s").isFalse();
        assertThat(plan.reached(rising)).as("180 s").isTrue();
    }

    @Test
    void machine_idle_is_idle_and_iowait_over_every_state() {
        final MachineCpu.Jiffies before = new MachineCpu.Jiffies(1_000, 10_000);
        assertThat(new MachineCpu.Jiffies(1_050, 10_200).idlePercentSince(before)).isEqualTo(25.0);
        assertThat(new MachineCpu.Jiffies(1_000, 10_000).idlePercentSince(before)).isNaN();
        assertThat(MachineCpu.machine()).as("this machine's /proc/stat").isNotNull();
        assertThat(MachineCpu.selfSeconds()).isPositive();
    }

    @Test
    void timer_durations_are_converted_to_milliseconds() {
        assertThat(Jmx.millisPer("milliseconds")).isEqualTo(1.0);
        assertThat(Jmx.millisPer("microseconds")).isEqualTo(0.001);
        assertThat(Jmx.millisPer("seconds")).isEqualTo(1000.0);
        assertThat(Jmx.millisPer(null)).as("JmxReporter's default").isEqualTo(1.0);
    }

    @Test
    void the_report_marks_unstable_figures_and_prints_the_breakdown_after_its_table() {
        final Report report = new Report();
        final Report.Row row = report.row("1:1", "messages/s");
        row.column("Missive").add(100);
        row.column("Missive").add(300);
        row.column("raw").add(1000);
        row.column("raw").add(1100);
        final StageFigures figures = new StageFigures(100, 0.05, null, 0.01, 12.5, 1.5,
                Map.of("io.missive.send.stored", new Jmx.Timer(100, 1.25, 7.5)),
                Map.of("insert.messages", new Jmx.Timer(20, 0.5, 2)), Map.of(), 3, 9);
        final Breakdown.Table table = report.breakdown().table("1:1 closed loop", "Missive");
        figures.addTo(table, false, 100);
        new StageFigures(100, 0.05, null, 0.01, 12.5, 1.5, Map.of(), Map.of(), Map.of(), 3, 9).addTo(table, false, 100);

        final String markdown = report.markdown(List.of("Missive"), "raw", List.of());

        assertThat(markdown).contains("| 1:1 | messages/s | 200 (100–300) ⚠ unstable | 19 % | 1,050 (1,000–1,100) |",
                "- " + Samples.UNSTABLE_FOOTNOTE, Breakdown.HOW_TO_READ, "**1:1 closed loop, Missive**",
                "| send → stored, the sender's PUBACK released (`send.stored`) | 1.25 (1 of 2 rounds) | 7.50 (1 of 2 rounds) "
                        + "| 1.00 (1 of 2 rounds) |",
                "| send → its store insert sent (`send.waited`) | – | – | – |",
                "| store command `insert messages` | 0.50 (1 of 2 rounds) | 2.00 (1 of 2 rounds) | 0.20 (1 of 2 rounds) |",
                "| server process CPU, µs per message |  |  | 500 (500–500) |",
                "| store process CPU, µs per message |  |  | – (inside the server process) |",
                "| machine idle CPU, % of the measured window |  |  | 12.5 (12.5–12.5) |");
        assertThat(markdown.indexOf("⚠ unstable:")).isLessThan(markdown.indexOf("**1:1 closed loop"));
    }
}
