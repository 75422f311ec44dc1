package io.missive.server.deploy;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.missive.server.EndToEnd;
import io.missive.server.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.tls.yml and deploy/hivemq/config-tls.xml: what the override mounts exists, and the
 * TLS configuration starts a stock HiveMQ CE whose TLS listener completes a TLS 1.2+ handshake with a
 * key store as deploy/hivemq/make-keystore.sh makes it (PKCS#12, one password).
 */
@EndToEnd
class ComposeTlsConfigTest {

    @TempDir
    Path dir;

    @Test
    void the_override_mounts_the_tls_configuration_and_the_key_store_folder() {
        final ComposeFile tls = new ComposeFile("docker-compose.tls.yml");

        for (final String node : DeploymentFilesTest.NODES) {
            assertThat(tls.mountSource(node, "/opt/hivemq/conf/config.xml")).isEqualTo("./deploy/hivemq/config-tls.xml");
            assertThat(tls.mountSource(node, "/opt/hivemq/conf/tls")).isEqualTo("./deploy/hivemq/tls");
        }
        assertThat(tls.mountSource("balancer", "/usr/local/etc/haproxy/tls.cfg")).isEqualTo("./deploy/haproxy/tls.cfg");
        for (final String service : List.of("hivemq1", "hivemq2", "balancer")) {
            for (final String volume : ComposeFile.strings(tls.service(service).get("volumes"))) {
                assertThat(tls.root.resolve(volume.split(":")[0]).normalize()).exists();
            }
        }
    }

    @Test
    void the_tls_configuration_starts_hivemq_ce_and_its_tls_listener_shakes_hands() throws Exception {
        final TestCertificates.Issued authority = TestCertificates.authority();
        final TestCertificates.Issued server = TestCertificates.server(authority, List.of("127.0.0.1"));
        final char[] password = "test-only-password".toCharArray();
        final KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("missive", server.keys().getPrivate(), password,
                new Certificate[]{server.certificate(), authority.certificate()});
        final Path keyStore = dir.resolve("keystore.p12");
        try (OutputStream out = Files.newOutputStream(keyStore)) {
            store.store(out, password);
        }
        final int plain = freePort();
        final int websocket = freePort();
        final int tls = freePort();
        final int secureWebsocket = freePort();
        // the deployed file, with this test's ports, key store and password (the broker reads the
        // password from HIVEMQ_TLS_KEYSTORE_PASSWORD, which a test cannot set for its own JVM)
        final String config = Files.readString(new ComposeFile().root.resolve("deploy/hivemq/config-tls.xml"))
                .replace("<port>1883</port>", "<port>" + plain + "</port>")
                .replace("<port>8000</port>", "<port>" + websocket + "</port>")
                .replace("<port>8883</port>", "<port>" + tls + "</port>")
                .replace("<port>8443</port>", "<port>" + secureWebsocket + "</port>")
                .replace("/opt/hivemq/conf/tls/keystore.p12", keyStore.toString())
                .replace("${ENV:HIVEMQ_TLS_KEYSTORE_PASSWORD}", new String(password));
        assertThat(config).doesNotContain("<port>1883<", "<port>8883<", "<path>/opt/hivemq/conf/tls", "${ENV:");
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/config.xml"), config, StandardCharsets.UTF_8);

        try (EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(dir.resolve("conf"))
                .withDataFolder(dir.resolve("data")).withExtensionsFolder(dir.resolve("extensions"))
                .withoutLoggingBootstrap().build()) {
            hivemq.start().get(60, TimeUnit.SECONDS);
            for (final int port : new int[]{tls, secureWebsocket}) {
                try (SSLSocket socket = (SSLSocket) trusting(authority).getSocketFactory()
                        .createSocket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setSoTimeout(10_000);
                    socket.startHandshake();
                    assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
                    assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(server.certificate());
                }
            }
            hivemq.stop().get(30, TimeUnit.SECONDS);
        }
    }

    private static SSLContext trusting(final TestCertificates.Issued authority) throws Exception {
        final KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", authority.certificate());
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
