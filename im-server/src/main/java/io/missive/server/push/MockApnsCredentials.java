package io.missive.server.push;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
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
            final KeyPair tls = ecKeyPair();
            return new MockApnsCredentials(ecKeyPair(), tls, selfSigned(tls));
        } catch (final GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate mock APNs credentials: " + e.getMessage(), e);
        }
    }

    private static @NotNull KeyPair ecKeyPair() throws GeneralSecurityException {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static @NotNull X509Certificate selfSigned(final @NotNull KeyPair keys)
            throws OperatorCreationException, GeneralSecurityException, IOException {
        final X500Name name = new X500Name("CN=Missive mock APNs (test only)");
        final Instant now = Instant.now();
        final JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(30))), name,
                keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")}));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
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
            Files.writeString(key, pem("PRIVATE KEY", signing.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
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

    private static @NotNull String pem(final @NotNull String type, final byte @NotNull [] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
