package io.missive.server.broker;

import org.jetbrains.annotations.NotNull;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The TLS listeners of the broker: MQTT over TLS and MQTT over secure WebSocket (each optional, 0 for a
 * free port), TLS 1.2 and 1.3 only, with the certificate and key in a PKCS#12 key store.
 *
 * @param bindAddress where both listen
 * @param keyStore    the key store file (written at every start)
 * @param password    its password (also of the key)
 */
public record TlsListeners(@NotNull String bindAddress, @NotNull OptionalInt mqttPort,
                           @NotNull OptionalInt websocketPort, @NotNull Path keyStore, @NotNull String password) {

    /** The protocols offered, newest first. */
    public static final @NotNull String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
}
