package io.missive.broker.links;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.config.Setting;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deny list of {@code links.deny-file}: read when the extension is wired (the configuration
 * has checked that it is readable), then re-read on the extension's timer whenever the file's
 * modification time, size or identity changed, checked every {@value #POLL_MS} ms. A file that
 * cannot be read (gone, not UTF-8, no permission) keeps the last list that could; that is logged
 * once, and again once the file can be read.
 */
@Singleton
public final class DenyListFile implements Periodic {

    static final long POLL_MS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(DenyListFile.class);

    private final @Nullable Path file;
    private final @NotNull ScheduledExecutorService timer;
    private final long pollMs;
    private volatile @NotNull DenyList current = DenyList.EMPTY;
    /** What the file looked like when the current list was read; null: re-read at the next poll. Timer thread only. */
    private @Nullable Stamp readStamp;
    private volatile boolean failing;
    /** Reads of the file's content, the first one included (for tests). */
    private final @NotNull AtomicInteger reads = new AtomicInteger();

    @Inject
    public DenyListFile(final @NotNull ExtensionConfig config, final @NotNull Workers workers) {
        this(config.links().denyFile(), workers.timer(), POLL_MS);
    }

    DenyListFile(final @Nullable Path file, final @NotNull ScheduledExecutorService timer, final long pollMs) {
        this.file = file;
        this.timer = timer;
        this.pollMs = pollMs;
        if (file != null) {
            try {
                readStamp = stamp(file);
                current = read(file);
            } catch (final IOException e) {
                throw new UncheckedIOException(Setting.LINKS_DENY_FILE.key() + " " + file + " cannot be read: "
                        + e.getMessage(), e);
            }
            LOG.info("Deny list {}: {} domains", file, current.size());
        }
    }

    @Override
    public void start() {
        if (file != null) {
            timer.scheduleWithFixedDelay(this::poll, pollMs, pollMs, TimeUnit.MILLISECONDS);
        }
    }

    /** The list now. */
    public @NotNull DenyList current() {
        return current;
    }

    /** The latest attempt to read the changed file failed; the list read before stays in force. */
    boolean failing() {
        return failing;
    }

    int reads() {
        return reads.get();
    }

    /** Re-reads the file if it changed since the current list was read. */
    void poll() {
        final Path path = Objects.requireNonNull(file);
        try {
            final Stamp now = stamp(path);
            if (now.equals(readStamp)) {
                return;
            }
            final DenyList list = read(path);
            current = list;
            readStamp = now;
            failing = false;
            LOG.info("Deny list {} re-read: {} domains", path, list.size());
        } catch (final IOException | RuntimeException e) {
            readStamp = null; // read it again once it can be read, even if it then looks as before
            if (!failing) {
                failing = true;
                LOG.warn("Deny list {} cannot be read; the last list read ({} domains) stays in force: {}",
                        path, current.size(), e.toString());
            }
        }
    }

    private @NotNull DenyList read(final @NotNull Path path) throws IOException {
        reads.incrementAndGet();
        final DenyList list = DenyList.parse(Files.readAllLines(path, StandardCharsets.UTF_8));
        if (!list.invalidLines().isEmpty()) {
            LOG.warn("Deny list {}: lines {} hold no domain name and are ignored", path, list.invalidLines());
        }
        return list;
    }

    private static @NotNull Stamp stamp(final @NotNull Path path) throws IOException {
        final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }

    /** What tells a changed file: modification time, size, and identity (a file replaced by a rename). */
    private record Stamp(@NotNull FileTime modified, long size, @Nullable Object key) {
    }
}
