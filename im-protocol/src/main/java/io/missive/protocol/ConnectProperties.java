package io.missive.protocol;

import org.jetbrains.annotations.NotNull;

/**
 * MQTT 5 user properties used during CONNECT / CONNACK.
 *
 * <p>A device authenticates with username = user id, client id = device id, and as password
 * either the user's password (first login of a device) or the device token it received earlier.
 * Device tokens always start with {@link #TOKEN_PREFIX}; passwords may not.
 */
public final class ConnectProperties {

    /** CONNACK user property carrying a freshly issued device token (after a password login). */
    public static final @NotNull String DEVICE_TOKEN = "missive-device-token";
    /** CONNECT user property; value "true" asks to register the user (when the server allows it). */
    public static final @NotNull String REGISTER = "missive-register";
    /** Prefix of every device token. */
    public static final @NotNull String TOKEN_PREFIX = "mvt1.";

    private ConnectProperties() {
    }
}
