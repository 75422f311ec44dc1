package io.missive.server.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml at the root of the repository, checked as far as it can be without a Docker
 * engine: after the build, every path it mounts exists; the extension folder it mounts is the same
 * extension as the zip the end-to-end suite runs; its MISSIVE_* variables name real configuration
 * keys; the allow-all extension is off; every service has a health check and its data a volume.
 * (The schema itself is validated by {@code docker-compose config} in CI.)
 */
class DeploymentFilesTest {

    private static final String EXTENSION_TARGET = "/opt/hivemq/extensions/" + ExtensionZip.ID;

    private static Path root;
    private static Map<String, Object> compose;

    @BeforeAll
    static void load() throws IOException {
        root = Path.of("").toAbsolutePath().getParent();
        final Path file = root.resolve("docker-compose.yml");
        assertThat(file).isRegularFile();
        compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    @Test
    void everyMountedPathExistsAfterTheBuild() {
        final List<String> binds = new ArrayList<>();
        services().forEach((name, service) -> {
            for (final String volume : strings(service.get("volumes"))) {
                final String source = volume.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    binds.add(source);
                    assertThat(root.resolve(source).normalize())
                            .as("%s mounts %s (build with 'mvn -B package' from the root first)", name, source)
                            .exists();
                }
            }
        });
        assertThat(binds).contains("./broker-extensions/target/extension/" + ExtensionZip.ID);
    }

    @Test
    void theMountedExtensionIsTheZipTheEndToEndSuiteRuns() throws Exception {
        final Path folder = root.resolve(mountSource("hivemq", EXTENSION_TARGET)).normalize();
        final ExtensionZip zip = ExtensionZip.load();
        final Map<String, String> inZip = new TreeMap<>();
        for (final Map.Entry<String, byte[]> file : zip.files.entrySet()) {
            inZip.put(file.getKey().substring(ExtensionZip.ID.length() + 1), sha256(file.getValue()));
        }
        final Map<String, String> inFolder = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (final Path file : files.filter(Files::isRegularFile).toList()) {
                inFolder.put(folder.relativize(file).toString().replace('\\', '/'), sha256(Files.readAllBytes(file)));
            }
        }
        assertThat(inFolder).isEqualTo(inZip);
    }

    @Test
    void theBrokerAdmitsOnlyWhomMissiveAdmitsAndIsConfiguredByKnownKeys() {
        final Map<String, Object> hivemq = service("hivemq");
        assertThat((String) hivemq.get("image")).startsWith("hivemq/hivemq-ce:");
        final Map<String, Object> environment = map(hivemq.get("environment"));
        assertThat(environment).containsEntry("HIVEMQ_ALLOW_ALL_CLIENTS", "false");

        final Set<String> known = new java.util.TreeSet<>();
        ExtensionZip.load().configKeys().forEach(key -> known.add(ExtensionZip.environmentName(key)));
        final List<String> missive = environment.keySet().stream().filter(k -> k.startsWith("MISSIVE_")).toList();
        assertThat(missive).contains("MISSIVE_MONGO_URI", "MISSIVE_REDIS_URI");
        assertThat(known).containsAll(missive);
        assertThat((String) environment.get("MISSIVE_MONGO_URI")).contains("replicaSet=rs0");
        assertThat(mountSource("hivemq", "/opt/hivemq/conf/config.xml")).isEqualTo("./deploy/hivemq/config.xml");
    }

    @Test
    void everyServiceHasAHealthCheckAndItsDataANamedVolume() {
        final Set<String> declared = map(compose.get("volumes")).keySet();
        services().forEach((name, service) -> {
            assertThat(service).as(name).containsKey("healthcheck");
            assertThat(map(service.get("healthcheck"))).as(name).containsKey("test");
            for (final String volume : strings(service.get("volumes"))) {
                final String source = volume.split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    assertThat(declared).as("%s uses volume %s", name, source).contains(source);
                }
            }
        });
        assertThat(services().keySet()).contains("hivemq", "redis", "mongo1", "mongo2", "mongo3");
        final String init = String.join(" ", strings(map(service("mongo1").get("healthcheck")).get("test")));
        assertThat(init).contains("rs.initiate").contains("mongo1:27017", "mongo2:27017", "mongo3:27017");
    }

    private static String mountSource(final String serviceName, final String target) {
        return strings(service(serviceName).get("volumes")).stream()
                .map(volume -> volume.split(":"))
                .filter(parts -> parts.length >= 2 && parts[1].equals(target))
                .map(parts -> parts[0])
                .findFirst()
                .orElseThrow(() -> new AssertionError(serviceName + " mounts nothing at " + target));
    }

    private static Map<String, Map<String, Object>> services() {
        final Map<String, Map<String, Object>> services = new TreeMap<>();
        map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
        return services;
    }

    private static Map<String, Object> service(final String name) {
        final Map<String, Object> service = services().get(name);
        assertThat(service).as("service " + name).isNotNull();
        return service;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(final Object value) {
        return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
    }

    private static String sha256(final byte[] content) throws java.security.NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
