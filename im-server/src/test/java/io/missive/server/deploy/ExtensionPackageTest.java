package io.missive.server.deploy;

import io.missive.server.EndToEnd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution zip installs into a stock HiveMQ CE as HiveMQ's own extensions do: one folder
 * named after the id, with hivemq-extension.xml, the jar and conf/missive.properties; and every
 * library inside the jar is relocated, so nothing the extension brings can clash with the broker's
 * own copies (Netty, Guava, Guice, Jackson, ...).
 */
@EndToEnd // needs the packaged extension: the integration-test phase
class ExtensionPackageTest {

    private static ExtensionZip zip;

    @BeforeAll
    static void load() {
        zip = ExtensionZip.load();
    }

    @Test
    void oneFolderNamedAfterTheIdWithDescriptorJarAndConfiguration() throws Exception {
        assertThat(zip.files.keySet()).allMatch(name -> name.startsWith(ExtensionZip.ID + "/"));
        assertThat(zip.files).containsKeys(ExtensionZip.ID + "/hivemq-extension.xml",
                ExtensionZip.ID + "/conf/missive.properties");
        assertThat(zip.jars()).hasSize(1);

        final Document descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(zip.files.get(ExtensionZip.ID + "/hivemq-extension.xml")));
        final String id = descriptor.getElementsByTagName("id").item(0).getTextContent();
        final String version = descriptor.getElementsByTagName("version").item(0).getTextContent();
        assertThat(id).isEqualTo(ExtensionZip.ID);
        assertThat(version).matches("[0-9][0-9A-Za-z.-]*");
        assertThat(descriptor.getElementsByTagName("name").item(0).getTextContent()).isNotBlank();
        assertThat(zip.jars().get(0)).isEqualTo(ExtensionZip.ID + "/" + ExtensionZip.ID + "-" + version + ".jar");
    }

    @Test
    void everyLibraryInTheJarIsRelocatedUnderTheExtensionsOwnPackage() {
        final Map<String, byte[]> jar = zip.jarEntries(zip.jars().get(0));
        final List<String> classes = jar.keySet().stream().filter(name -> name.endsWith(".class")).toList();

        // libraries the broker also has: present, but only in their relocated form
        assertThat(classes).anyMatch(name -> name.startsWith("io/missive/extension/lib/io/netty/"));
        assertThat(classes).anyMatch(name -> name.startsWith("io/missive/extension/lib/com/google/inject/"));
        assertThat(classes).anyMatch(name -> name.startsWith("io/missive/extension/lib/com/mongodb/"));
        assertThat(classes).anyMatch(name -> name.startsWith("io/missive/extension/lib/org/redisson/"));
        assertThat(classes).anyMatch(name -> name.startsWith("io/missive/broker/"));
        assertThat(classes).as("classes outside the extension's own packages")
                .allMatch(name -> name.startsWith("io/missive/"));
        // what the broker provides is not packed in at all
        assertThat(classes).noneMatch(name -> name.contains("com/hivemq/extension/sdk/")
                || name.contains("org/slf4j/") || name.contains("com/codahale/metrics/"));
    }

    @Test
    void serviceFilesNameTheExtensionMainAndOnlyRelocatedServices() {
        final Map<String, byte[]> jar = zip.jarEntries(zip.jars().get(0));
        assertThat(new String(jar.get("META-INF/services/com.hivemq.extension.sdk.api.ExtensionMain")).trim())
                .isEqualTo("io.missive.broker.MissiveExtensionMain");
        assertThat(jar.keySet().stream().filter(name -> name.startsWith("META-INF/services/")))
                .allMatch(name -> name.startsWith("META-INF/services/io.missive.")
                        || name.startsWith("META-INF/services/java.")
                        || name.equals("META-INF/services/com.hivemq.extension.sdk.api.ExtensionMain")
                        // Reactor's optional hook for a library Missive does not ship: inert
                        || name.equals("META-INF/services/io.micrometer.context.ContextAccessor"));
    }

    @Test
    void configurationFileDocumentsTheStoreAndPushKeys() {
        assertThat(zip.configKeys()).contains("mongo.uri", "mongo.database", "redis.uri",
                "push.apns.key-file", "push.apns.key-id", "push.apns.team-id", "push.preview",
                "sync.retention-days", "limits.max-payload-bytes");
        assertThat(zip.config().getProperty("mongo.uri")).contains("replicaSet=");
    }
}
