package io.missive.bench;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from {@code /proc}: of one process ({@code /proc/PID/stat}, user + system) and of the
 * whole machine ({@code /proc/stat}), for the figures per message and the machine's idle share of a
 * measured window. Where there is no {@code /proc}, a process reads 0 and the machine nothing.
 */
final class MachineCpu {

    /** USER_HZ: /proc counts CPU time in these (100 on every common Linux). */
    private static final int CLOCK_TICKS = 100;
    private static final Path STAT = Path.of("/proc/stat");

    private MachineCpu() {
    }

    /**
     * The machine's CPU time so far, in jiffies over all cores: idle (idle + iowait) and the total of
     * every state (user, nice, system, idle, iowait, irq, softirq, steal; guest time is in user already).
     */
    record Jiffies(long idle, long total) {

        /** The share of the machine's CPU time that was idle since {@code before}, in %; NaN when no time passed. */
        double idlePercentSince(final @NotNull Jiffies before) {
            final long total = total() - before.total();
            return total <= 0 ? Double.NaN : 100.0 * (idle() - before.idle()) / total;
        }
    }

    /** The machine's CPU time so far; null where there is no {@code /proc/stat}. */
    static @Nullable Jiffies machine() {
        try {
            // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
            final String first = Files.readAllLines(STAT).get(0);
            final String[] fields = first.trim().split("\\s+");
            if (!fields[0].equals("cpu") || fields.length < 9) {
                return null;
            }
            long total = 0;
            for (int i = 1; i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            return new Jiffies(Long.parseLong(fields[4]) + Long.parseLong(fields[5]), total);
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU seconds (user + system) of a process so far, from {@code /proc/PID/stat} (0 where there is no /proc). */
    static double processSeconds(final long pid) {
        try {
            final String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
        } catch (final IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU seconds (user + system) the JIT compiler threads of a JVM ({@code C1/C2 CompilerThread*})
     * have used so far, from {@code /proc/PID/task/*}; 0 where there is no /proc. Compiler threads
     * that ended meanwhile are no longer counted, so a window's growth can only be understated.
     */
    static double compilerSeconds(final long pid) {
        final Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        double seconds = 0;
        try (java.util.stream.Stream<Path> threads = Files.list(tasks)) {
            for (final Path task : (Iterable<Path>) threads::iterator) {
                try {
                    final String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        final String stat = Files.readString(task.resolve("stat"));
                        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
                    }
                } catch (final IOException | RuntimeException e) {
                    // the thread ended while it was read
                }
            }
        } catch (final IOException | RuntimeException e) {
            return 0;
        }
        return seconds;
    }

    /** CPU seconds of this process (the load generator) so far. */
    static double selfSeconds() {
        return processSeconds(ProcessHandle.current().pid());
    }
}
