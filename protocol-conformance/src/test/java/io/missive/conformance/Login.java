package io.missive.conformance;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * The outcome of one CONNECT, sent on a bare connection that is closed again at once: the CONNACK
 * reason code (0 = admitted) and the device token the CONNACK carried, if any. No client library
 * stands between the test and the broker, so what it sends is exactly what the test asks for.
 */
record Login(int reasonCode, @Nullable String deviceToken) {

    static @NotNull Login attempt(final @NotNull String uri, final @NotNull String clientId,
                                  final @Nullable String userId, final @Nullable String secret) {
        return attempt(uri, MqttWire.Connect.of(clientId, userId, secret));
    }

    static @NotNull Login attempt(final @NotNull String uri, final @NotNull MqttWire.Connect connect) {
        try (RawConnection connection = RawConnection.open(uri)) {
            connection.write(connect.encode());
            final RawConnection.Packet connack = connection.next(MqttWire.CONNACK);
            return new Login(connack.reasonCode(), connack.userProperties().get(RawClient.DEVICE_TOKEN));
        }
    }
}
