package io.missive.server.cli;

import org.jetbrains.annotations.NotNull;

/**
 * Entry point of {@code missive-server.jar}. Selects the logging configuration before anything
 * logs (hence no logger here), then runs the command line.
 *
 * <p>Exit codes: see {@link Cli}.
 */
public final class Main {

    private static final @NotNull String LOGBACK_CONFIG = "logback.configurationFile";

    private Main() {
    }

    public static void main(final @NotNull String[] args) {
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            System.setProperty(LOGBACK_CONFIG, "missive-logback.xml");
        }
        if (System.getProperty(Cli.LOG_LEVEL_PROPERTY) == null && !Cli.isServe(args)) {
            // administration commands print their results; the log only speaks up about problems
            System.setProperty(Cli.LOG_LEVEL_PROPERTY, "WARN");
        }
        final int exitCode = new Cli(System.getenv(), System.in, System.out, System.err).run(args);
        System.exit(exitCode);
    }
}
