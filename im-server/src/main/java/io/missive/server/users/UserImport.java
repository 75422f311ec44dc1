package io.missive.server.users;

import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Bulk creation of users from lines {@code userId:password[:displayName]}. Blank lines and lines
 * starting with '#' are ignored; a password cannot contain ':' in this format (everything after the
 * second ':' is the display name). Existing users are skipped, never changed.
 */
public final class UserImport {

    /** The outcome: how many users were created, skipped because they exist, and which lines were invalid. */
    public record Result(int created, int skipped, @NotNull List<String> invalid) {

        public @NotNull String summary() {
            return created + " created, " + skipped + " skipped (already exist), " + invalid.size() + " invalid";
        }
    }

    private final @NotNull UserAccounts accounts;

    public UserImport(final @NotNull UserAccounts accounts) {
        this.accounts = accounts;
    }

    /** Creates the users of every valid line (concurrently, as fast as the hashing pool allows). */
    public @NotNull Result run(final @NotNull List<String> lines) {
        final List<String> invalid = new ArrayList<>();
        final List<CompletableFuture<Boolean>> creations = new ArrayList<>();
        // a user listed twice: the first line counts, the others are skipped like existing users
        // (creating both at once would let either win)
        final Set<String> listed = new HashSet<>();
        int repeated = 0;
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i);
            final String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            final String[] fields = line.split(":", 3);
            if (fields.length < 2) {
                invalid.add("line " + (i + 1) + ": expected userId:password[:displayName]");
                continue;
            }
            final String userId = fields[0].strip();
            if (listed.contains(userId)) {
                repeated++;
                continue;
            }
            try {
                creations.add(accounts.create(userId, fields[1], fields.length == 3 ? fields[2] : null));
                listed.add(userId);
            } catch (final IllegalArgumentException e) {
                invalid.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        int created = 0;
        int skipped = repeated;
        for (final CompletableFuture<Boolean> creation : creations) {
            try {
                if (creation.join()) {
                    created++;
                } else {
                    skipped++;
                }
            } catch (final CompletionException e) {
                throw new IllegalStateException("storing users failed after " + created + " were created: "
                        + (e.getCause() == null ? e : e.getCause()), e);
            }
        }
        return new Result(created, skipped, List.copyOf(invalid));
    }
}
