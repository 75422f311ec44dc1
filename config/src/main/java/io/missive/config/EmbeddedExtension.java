package io.missive.config;

import org.jetbrains.annotations.NotNull;

import java.util.Map;

/**
 * missive-server runs the extension in its own JVM and writes the extension's configuration file
 * with the effective values, environment included (and with the embedded stores' URIs in place of
 * empty ones). It sets {@value #PROPERTY} so that the extension then reads that file alone and does
 * not apply the same environment a second time.
 */
public final class EmbeddedExtension {

    /** The JVM system property; {@code true} when the file is the whole configuration. */
    public static final @NotNull String PROPERTY = "missive.extension.file-only";

    private EmbeddedExtension() {
    }

    /** Tells an extension started later in this JVM to read its file alone. */
    public static void useFileOnly() {
        System.setProperty(PROPERTY, "true");
    }

    /** The environment the extension applies: none when embedded in missive-server, else the given one. */
    public static @NotNull Map<String, String> environment(final @NotNull Map<String, String> environment) {
        return Boolean.getBoolean(PROPERTY) ? Map.of() : environment;
    }
}
