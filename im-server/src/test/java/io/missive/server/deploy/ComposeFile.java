package io.missive.server.deploy;

import org.jetbrains.annotations.NotNull;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A compose file at the root of the repository (the parent of this module), as parsed YAML. */
final class ComposeFile {

    /** The repository's root: tests run in the module's folder. */
    final @NotNull Path root = Path.of("").toAbsolutePath().getParent();
    private final @NotNull Map<String, Object> compose;

    ComposeFile() {
        this("docker-compose.yml");
    }

    /** @param name a compose file at the root, e.g. the override {@code docker-compose.tls.yml} */
    ComposeFile(final @NotNull String name) {
        final Path file = root.resolve(name);
        assertThat(file).isRegularFile();
        try {
            compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The top-level {@code volumes} names. */
    @NotNull Map<String, Object> volumes() {
        return map(compose.get("volumes"));
    }

    /** Every service by name. */
    @NotNull Map<String, Map<String, Object>> services() {
        final Map<String, Map<String, Object>> services = new TreeMap<>();
        map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
        return services;
    }

    @NotNull Map<String, Object> service(final @NotNull String name) {
        final Map<String, Object> service = services().get(name);
        assertThat(service).as("service " + name).isNotNull();
        return service;
    }

    /** The service's health check command ({@code healthcheck.test}). */
    @NotNull List<String> healthCheck(final @NotNull String serviceName) {
        return strings(map(service(serviceName).get("healthcheck")).get("test"));
    }

    /** What the service mounts at {@code target} (the part before the first ':'). */
    @NotNull String mountSource(final @NotNull String serviceName, final @NotNull String target) {
        return strings(service(serviceName).get("volumes")).stream()
                .map(volume -> volume.split(":"))
                .filter(parts -> parts.length >= 2 && parts[1].equals(target))
                .map(parts -> parts[0])
                .findFirst()
                .orElseThrow(() -> new AssertionError(serviceName + " mounts nothing at " + target));
    }

    @SuppressWarnings("unchecked")
    static @NotNull Map<String, Object> map(final Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static @NotNull List<String> strings(final Object value) {
        return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
    }
}
