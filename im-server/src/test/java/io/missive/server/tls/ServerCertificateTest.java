package io.missive.server.tls;

import io.missive.server.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerCertificateTest {

    @TempDir
    Path dir;

    private final TestCertificates.Issued authority = TestCertificates.authority();

    @Test
    void a_chain_and_its_key_are_read_and_written_as_a_key_store() throws Exception {
        final TestCertificates.Issued server = TestCertificates.server(authority, List.of("chat.example", "127.0.0.1"));
        final Path[] files = server.write(dir, "server", authority.certificate());

        final ServerCertificate loaded = ServerCertificate.load(files[0], files[1]);

        assertThat(loaded.chain()).containsExactly(server.certificate(), authority.certificate());
        assertThat(loaded.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(loaded.publicKeyPin()).startsWith("sha256/").hasSize("sha256/".length() + 44);
        final Path store = dir.resolve("conf/tls.p12");
        loaded.writeKeyStore(store, "pw".toCharArray());
        final KeyStore read = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            read.load(in, "pw".toCharArray());
        }
        assertThat(read.getCertificateChain("missive")).hasSize(2);
        assertThat(read.getKey("missive", "pw".toCharArray())).isEqualTo(server.keys().getPrivate());
    }

    @Test
    void an_ec_key_in_sec1_form_is_read_too() throws Exception {
        final TestCertificates.Issued server = TestCertificates.server(authority, List.of("127.0.0.1"));
        final Path[] files = server.write(dir, "server");
        Files.writeString(files[1], TestCertificates.sec1(server.keys().getPrivate()), StandardCharsets.US_ASCII);
        assertThat(Files.readString(files[1])).contains("BEGIN EC PRIVATE KEY");

        assertThat(ServerCertificate.load(files[0], files[1]).leaf()).isEqualTo(server.certificate());
    }

    @Test
    void an_expired_certificate_stops_the_start_naming_the_key() throws Exception {
        final TestCertificates.Issued expired = TestCertificates.server(authority, TestCertificates.ecKeys(),
                List.of("127.0.0.1"), Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));
        final Path[] files = expired.write(dir, "expired");

        assertThatThrownBy(() -> ServerCertificate.load(files[0], files[1]))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("tls.cert-file").hasMessageContaining("expired");
    }

    @Test
    void a_key_of_another_certificate_stops_the_start_naming_tls_key_file() throws Exception {
        final Path[] one = TestCertificates.server(authority, List.of("127.0.0.1")).write(dir, "one");
        final Path[] other = TestCertificates.server(authority, List.of("127.0.0.1")).write(dir, "other");

        assertThatThrownBy(() -> ServerCertificate.load(one[0], other[1]))
                .isInstanceOf(InvalidConfigurationException.class)
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).key()).hasValue("tls.key-file"));
    }

    @Test
    void a_missing_or_garbled_file_stops_the_start_naming_the_key() throws Exception {
        final Path[] files = TestCertificates.server(authority, List.of("127.0.0.1")).write(dir, "server");
        final Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");

        assertThatThrownBy(() -> ServerCertificate.load(dir.resolve("missing.pem"), files[1]))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("tls.cert-file");
        assertThatThrownBy(() -> ServerCertificate.load(garbage, files[1]))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("tls.cert-file");
        assertThatThrownBy(() -> ServerCertificate.load(files[0], garbage))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("tls.key-file");
    }

    @Test
    void the_self_signed_certificate_is_made_once_for_the_loopback_names_and_then_reused() throws Exception {
        final ServerCertificate first = ServerCertificate.selfSigned(dir, Set.of("10.1.2.3"));
        final ServerCertificate again = ServerCertificate.selfSigned(dir, Set.of("10.1.2.3"));

        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        final X509Certificate leaf = first.leaf();
        assertThat(leaf.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList())
                .contains("localhost", "127.0.0.1", "10.1.2.3");
        assertThat(Files.getPosixFilePermissions(dir.resolve(ServerCertificate.SELF_SIGNED_KEY)))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }
}
