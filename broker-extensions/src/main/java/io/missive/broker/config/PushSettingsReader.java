package io.missive.broker.config;

import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import io.missive.config.ConfigProblems;
import io.missive.config.HostPort;
import io.missive.config.Setting;
import io.missive.config.SettingValues;
import org.jetbrains.annotations.NotNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds {@link PushSettings} from the {@code push.*} values: the keys that only make sense
 * together, and the key and certificate files, which must be readable. Problems are added to the
 * shared list; a key already reported as bad on its own is not reported again.
 */
final class PushSettingsReader {

    private final @NotNull SettingValues values;
    private final @NotNull ConfigProblems problems;

    PushSettingsReader(final @NotNull SettingValues values, final @NotNull ConfigProblems problems) {
        this.values = values;
        this.problems = problems;
    }

    /** The settings; {@link PushSettings#OFF} when push is off or a push key is bad (then problems says why). */
    @NotNull PushSettings read() {
        if (problems.list().stream().anyMatch(p -> p.key() != null && p.key().startsWith("push."))) {
            return PushSettings.OFF;
        }
        final String keyFile = values.get(Setting.PUSH_APNS_KEY_FILE);
        final String keyId = values.get(Setting.PUSH_APNS_KEY_ID);
        final String teamId = values.get(Setting.PUSH_APNS_TEAM_ID);
        final String server = values.get(Setting.PUSH_APNS_SERVER);
        final String trusted = values.get(Setting.PUSH_APNS_TRUSTED_CERT);
        if (keyFile.isEmpty()) {
            if (!keyId.isEmpty() || !teamId.isEmpty() || !server.isEmpty() || !trusted.isEmpty()) {
                problems.add(Setting.PUSH_APNS_KEY_FILE.key(),
                        "push.apns.key-file is required when other push.apns.* keys are set");
            }
            return PushSettings.OFF;
        }
        if (keyId.isEmpty()) {
            values.invalid(Setting.PUSH_APNS_KEY_ID, "is required with push.apns.key-file", problems);
        }
        if (teamId.isEmpty()) {
            values.invalid(Setting.PUSH_APNS_TEAM_ID, "is required with push.apns.key-file", problems);
        }
        final ApnsSigningKey key = keyId.isEmpty() || teamId.isEmpty() ? null : signingKey(keyFile, teamId, keyId);
        final List<X509Certificate> certificates = trusted.isEmpty() ? List.of() : certificates(trusted);
        if (key == null || certificates == null) {
            return PushSettings.OFF;
        }
        final HostPort address = server.isEmpty() ? null : HostPort.parse(server);
        return new PushSettings(key, address == null ? "" : address.host(), address == null ? 0 : address.port(),
                certificates, PushSettings.Preview.valueOf(values.get(Setting.PUSH_PREVIEW).toUpperCase(Locale.ROOT)),
                values.integer(Setting.PUSH_FLUSH_MS), values.integer(Setting.PUSH_MAX_IN_FLIGHT),
                values.integer(Setting.PUSH_MAX_QUEUED), values.integer(Setting.PUSH_MAX_ATTEMPTS),
                values.integer(Setting.PUSH_RETRY_BASE_MS));
    }

    private ApnsSigningKey signingKey(final @NotNull String keyFile, final @NotNull String teamId,
                                      final @NotNull String keyId) {
        try {
            return ApnsSigningKey.loadFromPkcs8File(new File(keyFile), teamId, keyId);
        } catch (final IOException | GeneralSecurityException | RuntimeException e) {
            values.invalid(Setting.PUSH_APNS_KEY_FILE, "must be a readable APNs signing key (.p8, PKCS#8 EC P-256): "
                    + e.getMessage(), problems);
            return null;
        }
    }

    private List<X509Certificate> certificates(final @NotNull String trusted) {
        final List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Path.of(trusted))) {
            CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .forEach(c -> certificates.add((X509Certificate) c));
        } catch (final IOException | GeneralSecurityException | RuntimeException e) {
            values.invalid(Setting.PUSH_APNS_TRUSTED_CERT, "must be a readable PEM certificate file: " + e.getMessage(),
                    problems);
            return null;
        }
        if (certificates.isEmpty()) {
            values.invalid(Setting.PUSH_APNS_TRUSTED_CERT, "must hold at least one certificate", problems);
            return null;
        }
        return certificates;
    }
}
