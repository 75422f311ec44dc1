package io.missive.server.deploy;

import io.missive.server.EndToEnd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
@EndToEnd // needs the packaged extension: the integration-test phase
class DeploymentFilesTest {

    private static final String EXTENSION_TARGET = "/opt/hivemq/extensions/" + ExtensionZip.ID;

    /** The broker nodes of docker-compose.yml. */
    static final List<String> NODES = List.of("hivemq1", "hivemq2");

    private static ComposeFile compose;
    private static Path root;

    @BeforeAll
    static void load() {
        compose = new ComposeFile();
        root = compose.root;
    }

    @Test
    void everyMountedPathExistsAfterTheBuild() {
        final List<String> binds = new ArrayList<>();
        compose.services().forEach((name, service) -> {
            for (final String volume : ComposeFile.strings(service.get("volumes"))) {
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
        assertThat(compose.mountSource("hivemq2", EXTENSION_TARGET)).isEqualTo(compose.mountSource("hivemq1", EXTENSION_TARGET));
        final Path folder = root.resolve(compose.mountSource("hivemq1", EXTENSION_TARGET)).normalize();
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
    void theBrokersAdmitOnlyWhomMissiveAdmitsAndAreConfiguredByKnownKeys() {
        final Set<String> nodeIds = new java.util.TreeSet<>();
        for (final String node : NODES) {
            final Map<String, Object> hivemq = compose.service(node);
            assertThat((String) hivemq.get("image")).startsWith("hivemq/hivemq-ce:");
            final Map<String, Object> environment = ComposeFile.map(hivemq.get("environment"));
            assertThat(environment).containsEntry("HIVEMQ_ALLOW_ALL_CLIENTS", "false");

            final Set<String> known = new java.util.TreeSet<>();
            ExtensionZip.load().configKeys().forEach(key -> known.add(ExtensionZip.environmentName(key)));
            final List<String> missive = environment.keySet().stream().filter(k -> k.startsWith("MISSIVE_")).toList();
            assertThat(missive).contains("MISSIVE_MONGO_URI", "MISSIVE_REDIS_URI", "MISSIVE_CLUSTER_NODE_ID");
            assertThat(known).containsAll(missive);
            assertThat((String) environment.get("MISSIVE_MONGO_URI")).contains("replicaSet=rs0");
            assertThat(compose.mountSource(node, "/opt/hivemq/conf/config.xml")).isEqualTo("./deploy/hivemq/config.xml");
            nodeIds.add((String) environment.get("MISSIVE_CLUSTER_NODE_ID"));
            // the nodes see every connection come from the balancer: it is exempt from their limit per address
            final Map<String, Object> balancerNetworks = ComposeFile.map(compose.service("balancer").get("networks"));
            assertThat(environment).containsEntry("MISSIVE_LIMITS_CONNECTS_EXEMPT",
                    ComposeFile.map(balancerNetworks.get("default")).get("ipv4_address"));
        }
        assertThat(nodeIds).as("a node id of its own for each node").hasSize(NODES.size());
    }

    @Test
    void theBalancerSpreadsMqttAndWebSocketOverEveryNode() throws Exception {
        assertThat(compose.mountSource("balancer", "/usr/local/etc/haproxy/haproxy.cfg"))
                .isEqualTo("./deploy/haproxy/haproxy.cfg");
        assertThat(ComposeFile.strings(compose.service("balancer").get("ports"))).containsExactly("1883:1883", "8000:8000");
        final String config = Files.readString(root.resolve("deploy/haproxy/haproxy.cfg"));
        for (final String node : NODES) {
            assertThat(config).contains("server " + node + " " + node + ":1883", "server " + node + " " + node + ":8000");
            assertThat(compose.service(node).get("ports")).as("%s is reached through the balancer only", node).isNull();
        }
    }

    @Test
    void everyServiceHasAHealthCheckAndItsDataANamedVolume() {
        final Set<String> declared = compose.volumes().keySet();
        compose.services().forEach((name, service) -> {
            assertThat(compose.healthCheck(name)).as(name).isNotEmpty();
            for (final String volume : ComposeFile.strings(service.get("volumes"))) {
                final String source = volume.split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    assertThat(declared).as("%s uses volume %s", name, source).contains(source);
                }
            }
        });
        assertThat(compose.services().keySet()).contains("balancer", "hivemq1", "hivemq2", "redis", "mongo1", "mongo2", "mongo3");
        final String init = String.join(" ", compose.healthCheck("mongo1"));
        assertThat(init).contains("rs.initiate").contains("mongo1:27017", "mongo2:27017", "mongo3:27017");
    }

    private static String sha256(final byte[] content) throws java.security.NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
