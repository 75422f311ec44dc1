package io.missive.server.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Certificates made for tests only (never for a real server): a private authority and server
 * certificates it issues, valid or not, for given host names and addresses.
 */
public final class TestCertificates {

    /** A key pair and its certificate. */
    public record Issued(@NotNull KeyPair keys, @NotNull X509Certificate certificate) {

        /** Writes the certificate (then {@code chain}) and the key as PEM files; returns {cert, key}. */
        public @NotNull Path[] write(final @NotNull Path dir, final @NotNull String name,
                                     final @NotNull X509Certificate... chain) throws IOException {
            Files.createDirectories(dir);
            final Path cert = dir.resolve(name + "-cert.pem");
            final Path key = dir.resolve(name + "-key.pem");
            final StringBuilder certs = new StringBuilder(pem(certificate));
            for (final X509Certificate next : chain) {
                certs.append(pem(next));
            }
            Files.writeString(cert, certs, StandardCharsets.US_ASCII);
            Files.writeString(key, Certificates.pem("PRIVATE KEY", keys.getPrivate().getEncoded()),
                    StandardCharsets.US_ASCII);
            return new Path[]{cert, key};
        }
    }

    private TestCertificates() {
    }

    public static @NotNull KeyPair ecKeys() {
        try {
            return Certificates.ecKeyPair();
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed authority (test only). */
    public static @NotNull Issued authority() {
        final KeyPair keys = ecKeys();
        final X500Name name = new X500Name("CN=Missive test authority (test only)");
        return new Issued(keys, sign(name, keys, name, keys, true, List.of(), Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(2))));
    }

    /** A server certificate for {@code names} (host names or IP addresses) issued by {@code issuer}. */
    public static @NotNull Issued server(final @NotNull Issued issuer, final @NotNull KeyPair keys,
                                         final @NotNull List<String> names, final @NotNull Instant notBefore,
                                         final @NotNull Instant notAfter) {
        return new Issued(keys, sign(new X500Name("CN=" + names.get(0)), keys,
                new X500Name(issuer.certificate().getSubjectX500Principal().getName()), issuer.keys(), false, names,
                notBefore, notAfter));
    }

    /** A valid server certificate for {@code names}, issued by {@code issuer}. */
    public static @NotNull Issued server(final @NotNull Issued issuer, final @NotNull List<String> names) {
        return server(issuer, ecKeys(), names, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(1)));
    }

    /** The EC private key in SEC1 form ({@code EC PRIVATE KEY}, with its curve), as openssl writes it. */
    public static @NotNull String sec1(final @NotNull java.security.PrivateKey key) throws IOException {
        final org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded());
        final org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        final org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(),
                inner.getPublicKey(), info.getPrivateKeyAlgorithm().getParameters());
        return Certificates.pem("EC PRIVATE KEY", sec1.getEncoded());
    }

    public static @NotNull String pem(final @NotNull Object object) {
        final StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    private static @NotNull X509Certificate sign(final @NotNull X500Name subject, final @NotNull KeyPair subjectKeys,
                                                 final @NotNull X500Name issuer, final @NotNull KeyPair issuerKeys,
                                                 final boolean authority, final @NotNull List<String> names,
                                                 final @NotNull Instant notBefore, final @NotNull Instant notAfter) {
        try {
            final JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE), Date.from(notBefore),
                    Date.from(notAfter), subject, subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
                        .map(n -> new GeneralName(n.contains(":") || n.matches("[0-9.]+") ? GeneralName.iPAddress
                                : GeneralName.dNSName, n))
                        .toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                            .build(issuerKeys.getPrivate())));
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
