package io.missive.server.tls;

import io.missive.config.Setting;
import io.missive.server.InvalidConfigurationException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The TLS listeners' certificate chain and private key: read from PEM files ({@code tls.cert-file},
 * {@code tls.key-file}) or made once, self-signed, for development ({@code tls.self-signed}), and
 * handed to HiveMQ as a PKCS#12 key store written at every start.
 */
public final class ServerCertificate {

    /** The files of the self-signed certificate in {@code <data.dir>/tls}. */
    public static final @NotNull String SELF_SIGNED_CERT = "self-signed-cert.pem";
    public static final @NotNull String SELF_SIGNED_KEY = "self-signed-key.pem";
    private static final @NotNull Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);
    /** A self-signed certificate closer to its end than this is made anew. */
    private static final @NotNull Duration RENEW_BEFORE = Duration.ofDays(7);
    private static final @NotNull String ALIAS = "missive";

    private final @NotNull List<X509Certificate> chain;
    private final @NotNull PrivateKey key;

    private ServerCertificate(final @NotNull List<X509Certificate> chain, final @NotNull PrivateKey key) {
        this.chain = List.copyOf(chain);
        this.key = key;
    }

    /**
     * Reads the certificate chain and its key.
     *
     * @throws InvalidConfigurationException naming {@code tls.cert-file} or {@code tls.key-file} when a file is
     *                                       missing or unreadable, holds no certificate or key, the certificate is
     *                                       expired or not yet valid, or the key is not the certificate's
     */
    public static @NotNull ServerCertificate load(final @NotNull Path certFile, final @NotNull Path keyFile) {
        final List<X509Certificate> chain = readCertificates(certFile);
        final PrivateKey key = readKey(keyFile);
        final X509Certificate leaf = chain.get(0);
        try {
            leaf.checkValidity();
        } catch (final CertificateExpiredException e) {
            throw InvalidConfigurationException.about(Setting.TLS_CERT_FILE,
                    "holds a certificate that expired on " + leaf.getNotAfter().toInstant() + ": " + certFile);
        } catch (final CertificateNotYetValidException e) {
            throw InvalidConfigurationException.about(Setting.TLS_CERT_FILE,
                    "holds a certificate not valid before " + leaf.getNotBefore().toInstant() + ": " + certFile);
        }
        if (!matches(key, leaf)) {
            throw InvalidConfigurationException.about(Setting.TLS_KEY_FILE,
                    "is not the private key of the certificate in tls.cert-file: " + keyFile);
        }
        return new ServerCertificate(chain, key);
    }

    /**
     * The development certificate in {@code dir}: made (EC P-256, valid a year, for localhost, 127.0.0.1,
     * ::1 and {@code hosts}) unless a usable one is there already.
     */
    public static @NotNull ServerCertificate selfSigned(final @NotNull Path dir, final @NotNull Set<String> hosts) {
        final Path cert = dir.resolve(SELF_SIGNED_CERT);
        final Path keyFile = dir.resolve(SELF_SIGNED_KEY);
        if (Files.isRegularFile(cert) && Files.isRegularFile(keyFile)) {
            try {
                final ServerCertificate existing = load(cert, keyFile);
                if (existing.leaf().getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE))) {
                    return existing;
                }
            } catch (final InvalidConfigurationException e) {
                // unusable: made anew below
            }
        }
        final Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.addAll(hosts);
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (final UnknownHostException e) {
            // no name of its own: the loopback names only
        }
        try {
            final KeyPair keys = Certificates.ecKeyPair();
            final X509Certificate certificate = Certificates.selfSigned(keys,
                    "Missive development server (self-signed)", names, SELF_SIGNED_VALIDITY);
            Files.createDirectories(dir);
            Files.writeString(cert, Certificates.pem("CERTIFICATE", certificate.getEncoded()),
                    StandardCharsets.US_ASCII);
            writePrivate(keyFile, Certificates.pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            return new ServerCertificate(List.of(certificate), keys.getPrivate());
        } catch (final GeneralSecurityException | IOException e) {
            throw InvalidConfigurationException.about(Setting.TLS_SELF_SIGNED,
                    "could not make a certificate in " + dir + ": " + e.getMessage());
        }
    }

    /** The server's own certificate (the first of the chain). */
    public @NotNull X509Certificate leaf() {
        return chain.get(0);
    }

    public @NotNull List<X509Certificate> chain() {
        return chain;
    }

    /** SHA-256 of the certificate, as browsers and {@code openssl x509 -fingerprint -sha256} show it (AB:CD:...). */
    public @NotNull String fingerprint() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(encoded(leaf())));
    }

    /**
     * The public-key pin, {@code sha256/<Base64>} of the certificate's SubjectPublicKeyInfo (as in HTTP
     * public key pinning; what the SDK's {@code TlsTrust.pinned} takes): it stays the same when a
     * certificate is re-issued for the same key.
     */
    public @NotNull String publicKeyPin() {
        return "sha256/" + Base64.getEncoder().encodeToString(sha256(leaf().getPublicKey().getEncoded()));
    }

    /** Writes the chain and key into a PKCS#12 key store protected by {@code password}. */
    public void writeKeyStore(final @NotNull Path file, final char @NotNull [] password) throws IOException {
        try {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            createPrivate(file);
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
        } catch (final GeneralSecurityException e) {
            throw new IOException("cannot write the TLS key store " + file + ": " + e.getMessage(), e);
        }
    }

    private static @NotNull List<X509Certificate> readCertificates(final @NotNull Path file) {
        final List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            final JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (final IOException | GeneralSecurityException | RuntimeException e) {
            throw InvalidConfigurationException.about(Setting.TLS_CERT_FILE, "cannot be read as PEM: " + file
                    + " (" + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw InvalidConfigurationException.about(Setting.TLS_CERT_FILE,
                    "holds no PEM certificate (-----BEGIN CERTIFICATE-----): " + file);
        }
        return chain;
    }

    private static @NotNull PrivateKey readKey(final @NotNull Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            final JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info); // PKCS#8
                }
                if (item instanceof PEMKeyPair pair) {
                    // PKCS#1 (RSA) or SEC1 (EC; its public key is optional)
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (final IOException | RuntimeException e) {
            throw InvalidConfigurationException.about(Setting.TLS_KEY_FILE, "cannot be read as PEM: " + file
                    + " (" + e.getMessage() + ")");
        }
        throw InvalidConfigurationException.about(Setting.TLS_KEY_FILE,
                "holds no unencrypted PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY): " + file);
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean matches(final @NotNull PrivateKey key, final @NotNull X509Certificate certificate) {
        final String algorithm = switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "ED25519", "EDDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equalsIgnoreCase(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        try {
            final byte[] probe = "missive key check".getBytes(StandardCharsets.US_ASCII);
            final Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            final byte[] signature = signer.sign();
            final Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (final GeneralSecurityException e) {
            return false;
        }
    }

    private static byte @NotNull [] encoded(final @NotNull X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte @NotNull [] sha256(final byte @NotNull [] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePrivate(final @NotNull Path file, final @NotNull String content) throws IOException {
        Files.deleteIfExists(file);
        createPrivate(file);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    /** Creates the file readable by its owner only, where the file system knows permissions. */
    private static void createPrivate(final @NotNull Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (final UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }
}
