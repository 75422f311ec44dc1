package io.missive.server.broker;

import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * HiveMQ's {@code config.xml}, written at every start. The one bundled with HiveMQ listens on 0.0.0.0:1883
 * and sends anonymous usage statistics; ours listens where configured and sends nothing.
 *
 * <p>Persistence is in memory: devices connect with clean sessions and resume from their sync
 * cursor, and MongoDB is the source of truth, so broker sessions and queues are only in-flight
 * buffers and need not survive a restart (which also makes start-up faster and leaves no files).
 */
public final class BrokerConfigFile {

    /** Listener names, used to find the ports actually bound (see {@link Gatekeeper#listenerPort}). */
    public static final @NotNull String MQTT_LISTENER = "missive-mqtt";
    public static final @NotNull String WEBSOCKET_LISTENER = "missive-websocket";
    public static final @NotNull String MQTT_TLS_LISTENER = "missive-mqtt-tls";
    public static final @NotNull String WEBSOCKET_TLS_LISTENER = "missive-websocket-tls";
    /** The path of the MQTT-over-WebSocket endpoint. */
    public static final @NotNull String WEBSOCKET_PATH = "/mqtt";

    private BrokerConfigFile() {
    }

    /**
     * @param confDir        HiveMQ's configuration folder
     * @param bindAddress    listen address of every listener
     * @param mqttPort       TCP port (0: a free one)
     * @param websocketPort  WebSocket port (0: a free one), when that listener is on
     * @param maxPacketBytes largest MQTT packet a client may send
     * @param tls            the TLS listeners, if any
     */
    public static void write(final @NotNull Path confDir, final @NotNull String bindAddress, final int mqttPort,
                             final @NotNull OptionalInt websocketPort, final int maxPacketBytes,
                             final @NotNull Optional<TlsListeners> tls) throws IOException {
        final String address = xml(bindAddress);
        final StringBuilder listeners = new StringBuilder()
                .append("        <tcp-listener>\n")
                .append("            <port>").append(mqttPort).append("</port>\n")
                .append("            <bind-address>").append(address).append("</bind-address>\n")
                .append("            <name>").append(MQTT_LISTENER).append("</name>\n")
                .append("        </tcp-listener>\n");
        if (websocketPort.isPresent()) {
            listeners
                    .append("        <websocket-listener>\n")
                    .append("            <port>").append(websocketPort.getAsInt()).append("</port>\n")
                    .append("            <bind-address>").append(address).append("</bind-address>\n")
                    .append("            <name>").append(WEBSOCKET_LISTENER).append("</name>\n")
                    .append("            <path>").append(WEBSOCKET_PATH).append("</path>\n")
                    .append("        </websocket-listener>\n");
        }
        tls.ifPresent(listenersWithTls -> appendTls(listeners, listenersWithTls));
        final String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!-- Written by missive-server at every start from missive.properties: edits here are lost. -->\n"
                + "<hivemq>\n"
                + "    <listeners>\n"
                + listeners
                + "    </listeners>\n"
                + "    <mqtt>\n"
                + "        <packets>\n"
                + "            <max-packet-size>" + maxPacketBytes + "</max-packet-size>\n"
                + "        </packets>\n"
                + "    </mqtt>\n"
                + "    <security>\n"
                + "        <!-- a device id is the client id: a client that sends none is refused (0x85) -->\n"
                + "        <allow-empty-client-id>\n"
                + "            <enabled>false</enabled>\n"
                + "        </allow-empty-client-id>\n"
                + "    </security>\n"
                + "    <persistence>\n"
                + "        <mode>in-memory</mode>\n"
                + "    </persistence>\n"
                + "    <anonymous-usage-statistics>\n"
                + "        <enabled>false</enabled>\n"
                + "    </anonymous-usage-statistics>\n"
                + "</hivemq>\n";
        Files.createDirectories(confDir);
        Files.writeString(confDir.resolve("config.xml"), xml, StandardCharsets.UTF_8);
    }

    private static void appendTls(final @NotNull StringBuilder listeners, final @NotNull TlsListeners tls) {
        final String address = xml(tls.bindAddress());
        final StringBuilder block = new StringBuilder()
                .append("            <tls>\n")
                .append("                <keystore>\n")
                .append("                    <path>").append(xml(tls.keyStore().toAbsolutePath().toString())).append("</path>\n")
                .append("                    <password>").append(xml(tls.password())).append("</password>\n")
                .append("                    <private-key-password>").append(xml(tls.password()))
                .append("</private-key-password>\n")
                .append("                </keystore>\n")
                .append("                <protocols>\n");
        for (final String protocol : TlsListeners.PROTOCOLS) {
            block.append("                    <protocol>").append(protocol).append("</protocol>\n");
        }
        block.append("                </protocols>\n")
                .append("                <client-authentication-mode>NONE</client-authentication-mode>\n")
                .append("            </tls>\n");
        if (tls.mqttPort().isPresent()) {
            listeners
                    .append("        <tls-tcp-listener>\n")
                    .append("            <port>").append(tls.mqttPort().getAsInt()).append("</port>\n")
                    .append("            <bind-address>").append(address).append("</bind-address>\n")
                    .append("            <name>").append(MQTT_TLS_LISTENER).append("</name>\n")
                    .append(block)
                    .append("        </tls-tcp-listener>\n");
        }
        if (tls.websocketPort().isPresent()) {
            listeners
                    .append("        <tls-websocket-listener>\n")
                    .append("            <port>").append(tls.websocketPort().getAsInt()).append("</port>\n")
                    .append("            <bind-address>").append(address).append("</bind-address>\n")
                    .append("            <name>").append(WEBSOCKET_TLS_LISTENER).append("</name>\n")
                    .append("            <path>").append(WEBSOCKET_PATH).append("</path>\n")
                    .append(block)
                    .append("        </tls-websocket-listener>\n");
        }
    }

    private static @NotNull String xml(final @NotNull String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
