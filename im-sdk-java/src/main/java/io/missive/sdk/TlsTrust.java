package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which servers a client trusts over TLS ({@code ssl://} and {@code wss://} URIs). Host names are always
 * verified against the certificate (its subject alternative names).
 *
 * <ul>
 *     <li>{@link #system()}: the platform's trusted authorities (the default);</li>
 *     <li>{@link #certificateAuthority(Path)}: only the authorities (or a self-signed server certificate)
 *     in a PEM file;</li>
 *     <li>{@link #pinned(String)}: a certificate whose public key (or whole certificate) has the given
 *     SHA-256, with no authority involved: for servers with a self-signed certificate. A public-key pin
 *     survives a certificate re-issued for the same key.</li>
 * </ul>
 * A pin can also be added to authority checking: {@code TlsTrust.system().withPin(pin)}.
 */
public final class TlsTrust {

    private static final @NotNull String PIN_PREFIX = "sha256/";

    private final @Nullable List<X509Certificate> authorities;
    private final boolean authorityChecked;
    private final @Nullable String pin;
    /** Built on first use: trust managers are not cheap to make, and a client reconnects many times. */
    private volatile @Nullable SSLSocketFactory sockets;

    private TlsTrust(final @Nullable List<X509Certificate> authorities, final boolean authorityChecked,
                     final @Nullable String pin) {
        this.authorities = authorities;
        this.authorityChecked = authorityChecked;
        this.pin = pin;
    }

    /** The platform's trusted certificate authorities. */
    public static @NotNull TlsTrust system() {
        return new TlsTrust(null, true, null);
    }

    /**
     * Only the certificates in a PEM file as trust anchors: a private authority, or the server's own
     * self-signed certificate.
     *
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException when it holds no certificate
     */
    public static @NotNull TlsTrust certificateAuthority(final @NotNull Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            final List<X509Certificate> certificates = new ArrayList<>();
            for (final Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            return certificateAuthority(certificates);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + pemFile, e);
        } catch (final CertificateException e) {
            throw new IllegalArgumentException("not a PEM certificate file: " + pemFile + " (" + e.getMessage() + ")", e);
        }
    }

    /** Only these certificates as trust anchors. */
    public static @NotNull TlsTrust certificateAuthority(final @NotNull Collection<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificate to trust");
        }
        return new TlsTrust(List.copyOf(certificates), true, null);
    }

    /**
     * Trusts a server whose certificate chain holds the pinned key or certificate, without an authority.
     * The certificate must still be within its validity period and name the host.
     *
     * @param pin {@code sha256/<Base64>} of the certificate's SubjectPublicKeyInfo (what the server logs
     *            as its public-key pin), or the SHA-256 fingerprint of the certificate in hex (colons
     *            optional, as {@code openssl x509 -fingerprint -sha256} prints it)
     */
    public static @NotNull TlsTrust pinned(final @NotNull String pin) {
        return new TlsTrust(null, false, normalizedPin(pin));
    }

    /** This trust, and in addition the pin (see {@link #pinned(String)}). */
    public @NotNull TlsTrust withPin(final @NotNull String pin) {
        return new TlsTrust(authorities, authorityChecked, normalizedPin(pin));
    }

    /** A socket factory for TLS 1.2 and 1.3 connections that trusts as configured. */
    public @NotNull SSLSocketFactory socketFactory() {
        final SSLSocketFactory built = sockets;
        if (built != null) {
            return built;
        }
        try {
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{trustManager()}, null);
            sockets = context.getSocketFactory();
            return sockets;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
        }
    }

    private @NotNull X509TrustManager trustManager() throws GeneralSecurityException {
        final X509TrustManager authority = authorityChecked ? authorityTrustManager() : null;
        // a plain X509TrustManager: the TLS implementation checks the host name and algorithm constraints
        // after it (for an extended one it would leave that to the trust manager)
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(final X509Certificate[] chain, final String authType) throws CertificateException {
                throw new CertificateException("a client does not authenticate clients");
            }

            @Override
            public void checkServerTrusted(final X509Certificate[] chain, final String authType) throws CertificateException {
                if (chain == null || chain.length == 0) {
                    throw new CertificateException("the server sent no certificate");
                }
                if (authority != null) {
                    authority.checkServerTrusted(chain, authType);
                } else {
                    chain[0].checkValidity();
                }
                if (pin != null && !pinned(chain)) {
                    throw new CertificateException("no certificate of the server's chain matches the pin " + pin);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return authority != null ? authority.getAcceptedIssuers() : new X509Certificate[0];
            }
        };
    }

    private @NotNull X509TrustManager authorityTrustManager() throws GeneralSecurityException {
        final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (authorities == null) {
            factory.init((KeyStore) null);
        } else {
            final KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                anchors.load(null, null);
            } catch (final IOException e) {
                throw new GeneralSecurityException(e);
            }
            for (int i = 0; i < authorities.size(); i++) {
                anchors.setCertificateEntry("anchor-" + i, authorities.get(i));
            }
            factory.init(anchors);
        }
        for (final TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private boolean pinned(final X509Certificate @NotNull [] chain) throws CertificateException {
        for (final X509Certificate certificate : chain) {
            final String keyPin = PIN_PREFIX + Base64.getEncoder().encodeToString(sha256(certificate.getPublicKey().getEncoded()));
            final String fingerprint = hex(sha256(certificate.getEncoded()));
            if (keyPin.equals(pin) || fingerprint.equals(pin)) {
                return true;
            }
        }
        return false;
    }

    private static @NotNull String normalizedPin(final @NotNull String pin) {
        Objects.requireNonNull(pin, "pin");
        final String trimmed = pin.trim();
        if (trimmed.startsWith(PIN_PREFIX)) {
            final byte[] digest;
            try {
                digest = Base64.getDecoder().decode(trimmed.substring(PIN_PREFIX.length()));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("not a pin: " + pin + " (sha256/ then Base64)", e);
            }
            if (digest.length != 32) {
                throw new IllegalArgumentException("not a SHA-256 pin: " + pin);
            }
            return trimmed;
        }
        final String hex = trimmed.replace(":", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a pin: " + pin
                    + " (sha256/<Base64 of the public key's SHA-256>, or the certificate's SHA-256 in hex)");
        }
        return hex;
    }

    /** Lower-case hex (java.util.HexFormat is not on Android's API level of the SDK). */
    private static @NotNull String hex(final byte @NotNull [] bytes) {
        final StringBuilder text = new StringBuilder(bytes.length * 2);
        for (final byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return text.toString();
    }

    private static byte @NotNull [] sha256(final byte @NotNull [] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
