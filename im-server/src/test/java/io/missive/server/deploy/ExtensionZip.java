package io.missive.server.deploy;

import io.missive.server.broker.ExtensionInstaller;
import org.jetbrains.annotations.NotNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The extension distribution zip that {@code im-server} installs into HiveMQ's extensions folder
 * (and so the one the whole end-to-end suite runs), read entry by entry.
 */
final class ExtensionZip {

    static final @NotNull String ID = ExtensionInstaller.EXTENSION_ID;
    private static final Pattern CONF_KEY = Pattern.compile("^#?([a-z][a-z0-9.-]*)=", Pattern.MULTILINE);

    /** Entry name (files only) → content. */
    final @NotNull Map<String, byte[]> files;

    private ExtensionZip(final @NotNull Map<String, byte[]> files) {
        this.files = files;
    }

    static @NotNull ExtensionZip load() {
        try (InputStream in = ExtensionZip.class.getResourceAsStream(ExtensionInstaller.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ExtensionInstaller.RESOURCE + " is not on the test class path");
            }
            return new ExtensionZip(entries(in));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static @NotNull Map<String, byte[]> entries(final @NotNull InputStream in) throws IOException {
        final Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    files.put(entry.getName(), zip.readAllBytes());
                }
            }
        }
        return files;
    }

    /** The extension jars in the extension folder (there must be exactly one). */
    @NotNull List<String> jars() {
        return files.keySet().stream()
                .filter(name -> name.startsWith(ID + "/") && name.endsWith(".jar") && name.indexOf('/', ID.length() + 1) < 0)
                .collect(Collectors.toList());
    }

    @NotNull Map<String, byte[]> jarEntries(final @NotNull String jar) {
        try {
            return entries(new ByteArrayInputStream(files.get(jar)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @NotNull String text(final @NotNull String name) {
        final byte[] content = files.get(name);
        if (content == null) {
            throw new AssertionError("the extension zip has no " + name + "; it has " + files.keySet());
        }
        return new String(content, StandardCharsets.UTF_8);
    }

    /** Every key of conf/missive.properties, set or shown commented out (#key=...). */
    @NotNull Set<String> configKeys() {
        final String conf = text(ID + "/" + ExtensionInstaller.CONF_FILE);
        final Set<String> keys = new TreeSet<>();
        final Matcher matcher = CONF_KEY.matcher(conf);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    @NotNull Properties config() {
        final Properties properties = new Properties();
        try {
            properties.load(new StringReader(text(ID + "/" + ExtensionInstaller.CONF_FILE)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The environment variable that overrides a configuration key. */
    static @NotNull String environmentName(final @NotNull String key) {
        return "MISSIVE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
