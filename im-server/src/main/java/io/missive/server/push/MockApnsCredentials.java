package io.missive.server.push;

import io.missive.server.tls.Certificates;
import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throw-away credentials for a mock APNs server, made fresh for every start and never for real
 * APNs: a token-signing key (EC P-256, like Apple's .p8 keys) with made-up key and team ids, and a
 * self-signed TLS certificate for 127.0.0.1 and localhost that the extension is told to trust.
 */
public final class MockApnsCredentials {

    public static final @NotNull String KEY_ID = "MOCKKEY001";
    public static final @NotNull String TEAM_ID = "MOCKTEAM01";

    private final @NotNull KeyPair signing;
    private final @NotNull KeyPair tls;
    private final @NotNull X509Certificate certificate;

    private MockApnsCredentials(final @NotNull KeyPair signing, final @NotNull KeyPair tls,
                                final @NotNull X509Certificate certificate) {
        this.signing = signing;
        this.tls = tls;
        this.certificate = certificate;
    }

    public static @NotNull MockApnsCredentials generate() {
        try {
            final KeyPair tls = Certificates.ecKeyPair();
            return new MockApnsCredentials(Certificates.ecKeyPair(), tls, Certificates.selfSigned(tls,
                    "Missive mock APNs (test only)", List.of("127.0.0.1", "localhost"), Duration.ofDays(30)));
        } catch (final GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate mock APNs credentials: " + e.getMessage(), e);
        }
    }

    /** The private half of the token-signing key (what a .p8 file holds). */
    public @NotNull ECPrivateKey signingKey() {
        return (ECPrivateKey) signing.getPrivate();
    }

    /** The public half, with which the mock server verifies tokens. */
    public @NotNull ECPublicKey verificationKey() {
        return (ECPublicKey) signing.getPublic();
    }

    public @NotNull X509Certificate certificate() {
        return certificate;
    }

    public @NotNull PrivateKey tlsKey() {
        return tls.getPrivate();
    }

    /**
     * Writes the signing key ({@code apns-mock-key.p8}) and the certificate ({@code apns-mock-cert.pem})
     * into dir, and returns the extension settings that make it use a mock server at host:port.
     */
    public @NotNull Map<String, String> writeExtensionSettings(final @NotNull Path dir, final @NotNull String host,
                                                               final int port) throws IOException {
        Files.createDirectories(dir);
        final Path key = dir.resolve("apns-mock-key.p8");
        final Path cert = dir.resolve("apns-mock-cert.pem");
        try {
            Files.writeString(key, Certificates.pem("PRIVATE KEY", signing.getPrivate().getEncoded()),
                    StandardCharsets.US_ASCII);
            Files.writeString(cert, Certificates.pem("CERTIFICATE", certificate.getEncoded()),
                    StandardCharsets.US_ASCII);
        } catch (final CertificateEncodingException e) {
            throw new IOException(e);
        }
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("push.apns.key-file", key.toAbsolutePath().toString());
        settings.put("push.apns.key-id", KEY_ID);
        settings.put("push.apns.team-id", TEAM_ID);
        settings.put("push.apns.server", host + ":" + port);
        settings.put("push.apns.trusted-cert", cert.toAbsolutePath().toString());
        return settings;
    }
}
