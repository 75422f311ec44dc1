package io.missive.server.tls;

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
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;

/** Keys, self-signed certificates and PEM text, for the development TLS certificate and the mock APNs server. */
public final class Certificates {

    private Certificates() {
    }

    /** A new EC P-256 key pair. */
    public static @NotNull KeyPair ecKeyPair() throws GeneralSecurityException {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    /**
     * A certificate of {@code keys} signed by itself, valid from five minutes ago for {@code validity}.
     *
     * @param names host names and IP address literals (subject alternative names)
     */
    public static @NotNull X509Certificate selfSigned(final @NotNull KeyPair keys, final @NotNull String commonName,
                                                      final @NotNull Collection<String> names,
                                                      final @NotNull Duration validity)
            throws GeneralSecurityException, IOException {
        final X500Name name = new X500Name("CN=" + commonName);
        final Instant now = Instant.now();
        final JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), name, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
                .map(n -> new GeneralName(isAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new)));
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (final OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** DER bytes as PEM text of the given type, e.g. {@code CERTIFICATE} or {@code PRIVATE KEY}. */
    public static @NotNull String pem(final @NotNull String type, final byte @NotNull [] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static boolean isAddress(final @NotNull String name) {
        return name.contains(":") || name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    }
}
