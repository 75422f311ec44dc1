package io.missive.server.broker;

import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Installs the Missive extension into HiveMQ's extensions folder from the distribution zip packed
 * into this jar ({@value #RESOURCE}), replacing any older copy, and writes the extension's
 * configuration file.
 *
 * <p>The extension must be loaded from the folder, never from the application class path: HiveMQ
 * gives a folder extension its own class loader, and disables an extension whose {@code ExtensionMain}
 * is visible twice (the extension class loader also sees the parent's {@code META-INF/services}).
 */
public final class ExtensionInstaller {

    /** The class path resource holding the extension distribution zip. */
    public static final @NotNull String RESOURCE = "/missive-extension.zip";
    /** The extension id, also its folder name inside the zip and the extensions folder. */
    public static final @NotNull String EXTENSION_ID = "missive-extension";
    /** The extension's configuration file, relative to its folder. */
    public static final @NotNull String CONF_FILE = "conf/missive.properties";

    private static final Logger LOG = LoggerFactory.getLogger(ExtensionInstaller.class);

    private ExtensionInstaller() {
    }

    /**
     * @param extensionsDir HiveMQ's extensions folder
     * @param settings      the extension's configuration, written to {@value #CONF_FILE}
     * @return the installed extension's folder
     * @throws IllegalStateException when the zip is missing or malformed
     * @throws UncheckedIOException  when the folder cannot be written
     */
    public static @NotNull Path install(final @NotNull Path extensionsDir, final @NotNull Map<String, String> settings) {
        final Path home = extensionsDir.resolve(EXTENSION_ID);
        try {
            Files.createDirectories(extensionsDir);
            deleteRecursively(home);
            final int files = unzip(extensionsDir);
            if (!Files.isRegularFile(home.resolve("hivemq-extension.xml"))) {
                throw new IllegalStateException("the extension zip " + RESOURCE + " has no "
                        + EXTENSION_ID + "/hivemq-extension.xml");
            }
            writeSettings(home.resolve(CONF_FILE), settings);
            LOG.debug("Installed the Missive extension ({} files) in {}", files, home);
            return home;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot install the Missive extension into " + home + ": " + e, e);
        }
    }

    private static int unzip(final @NotNull Path target) throws IOException {
        final Path root = target.toAbsolutePath().normalize();
        int files = 0;
        try (InputStream resource = ExtensionInstaller.class.getResourceAsStream(RESOURCE)) {
            if (resource == null) {
                throw new IllegalStateException("the extension zip " + RESOURCE + " is not on the class path "
                        + "(build the project with 'mvn install' first)");
            }
            try (ZipInputStream zip = new ZipInputStream(resource)) {
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    if (!entry.getName().startsWith(EXTENSION_ID + "/")) {
                        continue;
                    }
                    final Path path = root.resolve(entry.getName()).normalize();
                    if (!path.startsWith(root.resolve(EXTENSION_ID))) {
                        throw new IllegalStateException("the extension zip has an entry outside its folder: "
                                + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(path);
                    } else {
                        Files.createDirectories(path.getParent());
                        Files.copy(zip, path, StandardCopyOption.REPLACE_EXISTING);
                        files++;
                    }
                }
            }
        }
        return files;
    }

    /** A properties file; it may hold MongoDB or Redis credentials, so only the owner may read it. */
    private static void writeSettings(final @NotNull Path file, final @NotNull Map<String, String> settings)
            throws IOException {
        final StringBuilder text = new StringBuilder()
                .append("# Written by missive-server at every start from its own configuration\n")
                .append("# (missive.properties and MISSIVE_* environment variables): edits here are lost.\n");
        settings.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Escapes a value for {@link java.util.Properties#load(java.io.Reader)}. */
    static @NotNull String escape(final @NotNull String value) {
        final StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case ' ':
                    out.append(i == 0 ? "\\ " : " ");
                    break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    private static void deleteRecursively(final @NotNull Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
