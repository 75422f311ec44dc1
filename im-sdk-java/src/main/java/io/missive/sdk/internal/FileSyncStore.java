package io.missive.sdk.internal;

import io.missive.sdk.SyncCursor;
import io.missive.sdk.SyncStore;
import org.jetbrains.annotations.NotNull;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * {@link SyncStore#file(Path)}: the cursor in a small text file, replaced atomically on every save
 * (written to a temporary file in the same directory, then renamed over the old one), so a crash
 * leaves the old cursor or the new one, never a mix. Saves are not forced to disk: after a power
 * loss the file may be an earlier cursor, which means some messages are delivered again.
 * Thread-safe within one process.
 *
 * <pre>
 * missive-sync-cursor 2
 * version 4711
 * seq 12 dm:alice:bob
 * group 40 g:abcdefghijklmnopqrstuvwxyz
 * left 17 g:zyxwvutsrqponmlkjihgfedcba
 * </pre>
 *
 * <p>Format 1 has no {@code group} and {@code left} lines. Both are read; a cursor without group
 * positions is written as format 1, so that the file stays readable by earlier versions of the SDK
 * until the device follows a group.
 */
public final class FileSyncStore implements SyncStore {

    private static final @NotNull Logger LOG = Logger.getLogger(FileSyncStore.class.getName());
    private static final @NotNull String HEADER_V1 = "missive-sync-cursor 1";
    private static final @NotNull String HEADER_V2 = "missive-sync-cursor 2";

    private final @NotNull Path path;

    public FileSyncStore(final @NotNull Path path) {
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
    }

    @Override
    public synchronized @NotNull SyncCursor load() throws IOException {
        final BufferedReader reader;
        try {
            reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        } catch (final NoSuchFileException e) {
            return SyncCursor.empty();
        }
        try (BufferedReader lines = reader) {
            final String header = lines.readLine();
            final boolean v2 = HEADER_V2.equals(header);
            if (!v2 && !HEADER_V1.equals(header)) {
                throw new IOException(path + " is not a sync cursor file");
            }
            long version = -1;
            final Map<String, Long> highestSeqs = new LinkedHashMap<>();
            final Map<String, Long> groupSeqs = new LinkedHashMap<>();
            final Map<String, Long> leftGroups = new LinkedHashMap<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("version ")) {
                    version = Long.parseLong(line.substring("version ".length()));
                } else if (line.startsWith("seq ")) {
                    position(line, "seq ", highestSeqs);
                } else if (v2 && line.startsWith("group ")) {
                    position(line, "group ", groupSeqs);
                } else if (v2 && line.startsWith("left ")) {
                    position(line, "left ", leftGroups);
                } else if (!line.isEmpty()) {
                    throw new IOException(path + ": unexpected line " + line);
                }
            }
            if (version < 0) {
                throw new IOException(path + " has no version line");
            }
            return SyncCursor.of(version, highestSeqs, groupSeqs, leftGroups);
        } catch (final RuntimeException e) {
            throw new IOException(path + " is damaged: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void save(final @NotNull SyncCursor cursor) throws IOException {
        final Path dir = path.getParent();
        Files.createDirectories(dir);
        final Path temp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            ownerOnly(temp);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp),
                    StandardCharsets.UTF_8))) {
                final boolean groups = !cursor.groupSeqs().isEmpty() || !cursor.leftGroups().isEmpty();
                out.write((groups ? HEADER_V2 : HEADER_V1) + "\nversion " + cursor.version() + '\n');
                write(out, "seq ", cursor.highestSeqs());
                write(out, "group ", cursor.groupSeqs());
                write(out, "left ", cursor.leftGroups());
            }
            try {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (final AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void position(final @NotNull String line, final @NotNull String keyword,
                                 final @NotNull Map<String, Long> into) {
        final int space = line.indexOf(' ', keyword.length());
        into.put(line.substring(space + 1), Long.parseLong(line.substring(keyword.length(), space)));
    }

    private static void write(final @NotNull Writer out, final @NotNull String keyword,
                              final @NotNull Map<String, Long> positions) throws IOException {
        for (final Map.Entry<String, Long> entry : positions.entrySet()) {
            final String conversationId = entry.getKey();
            if (conversationId.indexOf('\n') >= 0 || conversationId.indexOf('\r') >= 0) {
                LOG.warning(() -> "not saving the position of a conversation id with a line break");
                continue;
            }
            out.write(keyword + entry.getValue() + ' ' + conversationId + '\n');
        }
    }

    @Override
    public @NotNull String toString() {
        return "SyncStore.file(" + path + ')';
    }

    private static void ownerOnly(final @NotNull Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (final UnsupportedOperationException e) {
            // not a POSIX file system (e.g. Windows): the directory's permissions apply
        }
    }
}
