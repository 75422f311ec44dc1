package io.missive.server.tls;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.SyncStore;
import io.missive.sdk.TlsTrust;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * MQTT over TLS and over secure WebSocket against a real server whose certificate (for 127.0.0.1 only)
 * is issued by an authority made for this test: the SDK trusts it through the authority or a pin, and
 * refuses a wrong pin, a certificate for another host, an unknown authority and an expired certificate;
 * the server refuses TLS 1.1.
 */
@EndToEnd
class TlsEndToEndTest {

    private static final Path DIR = tempDir();
    private static final TestCertificates.Issued AUTHORITY = TestCertificates.authority();
    private static final TestCertificates.Issued SERVER_CERT = TestCertificates.server(AUTHORITY, List.of("127.0.0.1"));
    private static final Path CA_FILE = write(DIR.resolve("ca.pem"), TestCertificates.pem(AUTHORITY.certificate()));
    private static final Path[] SERVER_FILES = writeServer();

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c
            .set("mqtt.tls-port", "0")
            .set("websocket.tls-port", "0")
            .set("tls.cert-file", SERVER_FILES[0].toString())
            .set("tls.key-file", SERVER_FILES[1].toString()));

    private final List<MissiveClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(c -> c.close().join());
    }

    @AfterAll
    static void deleteFiles() throws IOException {
        try (var files = Files.walk(DIR)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private MissiveClient client(final String uri, final String user, final TlsTrust trust) {
        final MissiveClient client = MissiveClient.builder().serverUri(uri).userId(user).deviceId(user + "-phone")
                .password(SERVER.password(user)).syncStore(SyncStore.inMemory()).automaticReconnect(false)
                .connectTimeout(Duration.ofSeconds(5)).tlsTrust(trust).build();
        clients.add(client);
        return client;
    }

    private String tlsUri() {
        return SERVER.server().mqttTlsUri().orElseThrow();
    }

    private String pin() {
        return SERVER.server().tlsCertificate().orElseThrow().publicKeyPin();
    }

    @Test
    void a_device_trusting_the_authority_chats_with_one_trusting_the_pin_over_secure_websocket() {
        final String ann = SERVER.createUser("ann");
        final String bo = SERVER.createUser("bo");
        final MissiveClient annPhone = client(tlsUri(), ann, TlsTrust.certificateAuthority(CA_FILE));
        final MissiveClient boPhone = client(SERVER.server().websocketTlsUri().orElseThrow(), bo, TlsTrust.pinned(pin()));
        final List<ChatMessage> inbox = Collections.synchronizedList(new ArrayList<>());
        boPhone.addMessageListener(inbox::add);
        annPhone.connect().join();
        boPhone.connect().join();

        annPhone.sendText(bo, "over TLS").join();

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        assertThat(inbox.get(0).text()).hasValue("over TLS");
        assertThat(SERVER.server().tlsCertificate().orElseThrow().fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void a_pin_may_be_added_to_the_authority_and_is_then_checked_too() {
        final String cy = SERVER.createUser("cy");
        client(tlsUri(), cy, TlsTrust.certificateAuthority(CA_FILE).withPin(pin())).connect().join();

        final String di = SERVER.createUser("di");
        assertRefusedByTls(client(tlsUri(), di, TlsTrust.certificateAuthority(CA_FILE).withPin(pinOfNewKey())));
    }

    @Test
    void a_wrong_pin_an_unknown_authority_and_another_host_name_are_refused() {
        final String eve = SERVER.createUser("eve");
        assertRefusedByTls(client(tlsUri(), eve, TlsTrust.pinned(pinOfNewKey())));
        // the platform's authorities do not know the test authority
        assertRefusedByTls(client(tlsUri(), eve, TlsTrust.system()));
        // the certificate names 127.0.0.1, not localhost: same server, other name
        final String localhost = tlsUri().replace("127.0.0.1", "localhost");
        assertRefusedByTls(client(localhost, eve, TlsTrust.certificateAuthority(CA_FILE)));
        assertRefusedByTls(client(localhost, eve, TlsTrust.pinned(pin())));
        assertThat(SERVER.server().isConnected(eve + "-phone")).isFalse();
    }

    @Test
    void an_expired_certificate_is_refused_even_with_its_pin() throws Exception {
        final TestCertificates.Issued expired = TestCertificates.server(AUTHORITY, TestCertificates.ecKeys(),
                List.of("127.0.0.1"), Instant.now().minus(Duration.ofDays(3)), Instant.now().minus(Duration.ofDays(1)));
        final String expiredPin = pinOf(expired.keys().getPublic());
        // a TLS server of the test's own: Missive itself refuses to start with an expired certificate
        try (TlsServer server = new TlsServer(expired)) {
            final String uri = "ssl://127.0.0.1:" + server.port();
            assertRefusedByTls(client(uri, "fay", TlsTrust.pinned(expiredPin)));
            assertRefusedByTls(client(uri, "fay", TlsTrust.certificateAuthority(CA_FILE)));
        }
    }

    @Test
    void tls_1_1_is_refused_and_tls_1_2_is_answered() throws IOException {
        final int port = SERVER.server().mqttTlsPort().orElseThrow();

        // a hand-made ClientHello: the client library here would not even offer TLS 1.1
        assertThat(firstRecordType(port, 0x0302)).as("TLS 1.1: an alert (21)").isEqualTo(21);
        assertThat(firstRecordType(port, 0x0303)).as("TLS 1.2: a handshake (22), the ServerHello").isEqualTo(22);
    }

    private static void assertRefusedByTls(final MissiveClient client) {
        assertThatThrownBy(() -> client.connect().join())
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> assertThat(causes(e)).as("a TLS failure in %s", e)
                        .anyMatch(cause -> cause instanceof SSLException))
                .hasMessageContaining("TLS handshake failed");
    }

    private static List<Throwable> causes(final Throwable error) {
        final List<Throwable> all = new ArrayList<>();
        for (Throwable cause = error; cause != null && !all.contains(cause); cause = cause.getCause()) {
            all.add(cause);
        }
        return all;
    }

    /** Sends a ClientHello of the given version; returns the content type of the first record answered. */
    private static int firstRecordType(final int port, final int version) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(ClientHello.of(version));
            out.flush();
            final InputStream in = new DataInputStream(socket.getInputStream());
            return in.read();
        }
    }

    private static String pinOfNewKey() {
        return pinOf(TestCertificates.ecKeys().getPublic());
    }

    private static String pinOf(final PublicKey key) {
        try {
            return "sha256/" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(key.getEncoded()));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("missive-tls-test-");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(final Path file, final String content) {
        try {
            return Files.writeString(file, content);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path[] writeServer() {
        try {
            return SERVER_CERT.write(DIR, "server", AUTHORITY.certificate());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TLS server socket with the given certificate that completes handshakes and then closes. */
    private static final class TlsServer implements AutoCloseable {

        private final SSLServerSocket socket;
        private final Thread acceptor;

        TlsServer(final TestCertificates.Issued identity) throws Exception {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", identity.keys().getPrivate(), new char[0],
                    new Certificate[]{identity.certificate()});
            final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5,
                    InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> accept(s -> {
                try (SSLSocket client = s) {
                    client.startHandshake();
                } catch (final IOException e) {
                    // the client refused the certificate: expected
                }
            }), "tls-test-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept(final Consumer<SSLSocket> handler) {
            while (!socket.isClosed()) {
                try {
                    handler.accept((SSLSocket) socket.accept());
                } catch (final IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
