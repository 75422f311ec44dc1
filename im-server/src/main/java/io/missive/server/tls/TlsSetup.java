package io.missive.server.tls;

import io.missive.server.ServerConfig;
import io.missive.server.broker.TlsListeners;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The TLS listeners of a starting server: their certificate (from {@code tls.cert-file}, or the
 * self-signed development one, made once and then reused) and the key store HiveMQ reads, written anew
 * with a fresh password at every start.
 */
public record TlsSetup(@NotNull ServerCertificate certificate, @NotNull TlsListeners listeners) {

    private static final Logger LOG = LoggerFactory.getLogger(TlsSetup.class);

    /**
     * Empty without a TLS port; otherwise the certificate read or made, and the key store written below
     * {@code home}.
     */
    public static @NotNull Optional<TlsSetup> prepare(final @NotNull ServerConfig config, final @NotNull Path dataDir,
                                                      final @NotNull Path home) throws IOException {
        if (!config.tls()) {
            return Optional.empty();
        }
        final ServerCertificate certificate = certificate(config, dataDir);
        final byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        final String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        final Path keyStore = home.resolve("conf").resolve("tls.p12");
        certificate.writeKeyStore(keyStore, password.toCharArray());
        return Optional.of(new TlsSetup(certificate, new TlsListeners(config.mqttBindAddress(), config.mqttTlsPort(),
                config.websocketTlsPort(), keyStore, password)));
    }

    private static @NotNull ServerCertificate certificate(final @NotNull ServerConfig config, final @NotNull Path dataDir) {
        if (config.tlsSelfSigned()) {
            final Set<String> hosts = new LinkedHashSet<>();
            if (!config.mqttBindAddress().equals("0.0.0.0") && !config.mqttBindAddress().equals("::")) {
                hosts.add(config.mqttBindAddress());
            }
            final ServerCertificate selfSigned = ServerCertificate.selfSigned(dataDir.resolve("tls"), hosts);
            LOG.warn("TLS with a self-signed certificate (development only): SHA-256 {}, public-key pin {} "
                    + "(clients trust it with --ca {} or --pin)", selfSigned.fingerprint(), selfSigned.publicKeyPin(),
                    dataDir.resolve("tls").resolve(ServerCertificate.SELF_SIGNED_CERT));
            return selfSigned;
        }
        final ServerCertificate loaded = ServerCertificate.load(config.tlsCertFile().orElseThrow(),
                config.tlsKeyFile().orElseThrow());
        LOG.info("TLS certificate {} valid until {}: SHA-256 {}", loaded.leaf().getSubjectX500Principal().getName(),
                loaded.leaf().getNotAfter().toInstant(), loaded.fingerprint());
        return loaded;
    }
}
