package io.missive.server.cli;

import io.missive.server.ServerConfig;
import io.missive.server.users.StoreConnection;
import io.missive.server.users.UserAccounts;
import io.missive.server.users.UserImport;
import io.missive.storage.user.PasswordHasher;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** {@code missive-server users add|import ...}: user administration on the configured store. */
final class UsersCommand {

    private final @NotNull ServerConfig config;
    private final @NotNull InputStream in;
    private final @NotNull PrintStream out;
    private final @NotNull PrintStream err;

    UsersCommand(final @NotNull ServerConfig config, final @NotNull InputStream in, final @NotNull PrintStream out,
                 final @NotNull PrintStream err) {
        this.config = config;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    int run(final @NotNull List<String> args) {
        if (args.isEmpty()) {
            return usageError("users needs a subcommand: add or import");
        }
        switch (args.get(0)) {
            case "add":
                return add(args.subList(1, args.size()));
            case "import":
                return importFile(args.subList(1, args.size()));
            default:
                return usageError("unknown users subcommand '" + args.get(0) + "' (add or import)");
        }
    }

    private int add(final @NotNull List<String> args) {
        String userId = null;
        String displayName = null;
        String password = null;
        boolean passwordFromStdin = false;
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            if (arg.equals("--display-name") || arg.equals("--password")) {
                if (i + 1 == args.size()) {
                    return usageError(arg + " needs a value");
                }
                if (arg.equals("--password")) {
                    password = args.get(++i);
                } else {
                    displayName = args.get(++i);
                }
            } else if (arg.equals("--password-stdin")) {
                passwordFromStdin = true;
            } else if (arg.startsWith("-") || userId != null) {
                return usageError("unexpected argument '" + arg + "'");
            } else {
                userId = arg;
            }
        }
        if (userId == null) {
            return usageError("users add needs a user id");
        }
        if ((password == null) == !passwordFromStdin) {
            return usageError("users add needs exactly one of --password <password> or --password-stdin");
        }
        if (passwordFromStdin) {
            password = readLine(in);
            if (password == null) {
                return usageError("--password-stdin: no password on standard input");
            }
        }
        final String id = userId;
        final String secret = password;
        final String name = displayName;
        final Optional<String> problem = UserAccounts.userIdProblem(id)
                .or(() -> UserAccounts.passwordProblem(secret))
                .or(() -> UserAccounts.displayNameProblem(name));
        if (problem.isPresent()) {
            err.println(problem.get());
            return Cli.USAGE;
        }
        return withAccounts(1, (accounts, store) -> {
            if (accounts.create(id, secret, name).join()) {
                out.println("Created user '" + id + "' in " + store.description());
                return Cli.OK;
            }
            err.println("User '" + id + "' already exists in " + store.description() + " (nothing changed)");
            return Cli.FAILED;
        });
    }

    private int importFile(final @NotNull List<String> args) {
        if (args.size() != 1) {
            return usageError("users import needs exactly one file");
        }
        final Path file = Path.of(args.get(0));
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            err.println("Cannot read " + file + ": " + e);
            return Cli.FAILED;
        }
        final int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return withAccounts(threads, (accounts, store) -> {
            final UserImport.Result result = new UserImport(accounts).run(lines);
            result.invalid().forEach(err::println);
            out.println("Imported " + file + " into " + store.description() + ": " + result.summary());
            return result.invalid().isEmpty() ? Cli.OK : Cli.FAILED;
        });
    }

    private interface AccountsTask {
        int run(@NotNull UserAccounts accounts, @NotNull StoreConnection store);
    }

    /** Connects to the store, runs the task with a hashing pool of {@code threads}, reports failures. */
    private int withAccounts(final int threads, final @NotNull AccountsTask task) {
        final ExecutorService hashing = Executors.newFixedThreadPool(threads, runnable -> {
            final Thread thread = new Thread(runnable, "password-hashing");
            thread.setDaemon(true);
            return thread;
        });
        try (StoreConnection store = StoreConnection.open(config)) {
            return task.run(new UserAccounts(store.stores(), new PasswordHasher(), hashing), store);
        } catch (final IllegalStateException | UncheckedIOException e) {
            err.println(e.getMessage());
            return Cli.FAILED;
        } catch (final CompletionException e) {
            err.println("Storing the user failed: " + (e.getCause() == null ? e : e.getCause()));
            return Cli.FAILED;
        } finally {
            hashing.shutdownNow();
        }
    }

    private int usageError(final @NotNull String problem) {
        err.println(problem);
        err.println("Run 'missive-server --help' for usage.");
        return Cli.USAGE;
    }

    /** One line of standard input without its line terminator; null at end of input. */
    private static @Nullable String readLine(final @NotNull InputStream in) {
        try {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (final IOException e) {
            return null;
        }
    }
}
