package io.missive.server.deploy;

import io.missive.server.EndToEnd;
import io.missive.server.SharesServer;
import io.missive.server.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's health check in docker-compose.yml, run as written (bash, /dev/tcp, od): healthy
 * against a real Missive broker (its extension answers the probe's unknown device token with 0x86
 * after a store lookup), unhealthy against a broker that refuses everyone without looking (no
 * authenticator) and against a closed port.
 */
@EndToEnd
@SharesServer
class ComposeHealthCheckTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.shared();

    private static String probe;

    @BeforeAll
    static void readProbe() {
        final List<String> test = new ComposeFile().healthCheck("hivemq1");
        assertThat(test.subList(0, 3)).containsExactly("CMD", "bash", "-c");
        probe = test.get(3);
        assertThat(probe).contains("/dev/tcp/127.0.0.1/1883");
    }

    @Test
    void healthy_when_the_missive_extension_answers() throws Exception {
        assertThat(runProbe(SERVER.mqttPort())).isZero();
    }

    @Test
    void unhealthy_when_the_broker_refuses_everyone_without_the_extension() throws Exception {
        try (ServerSocket broker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Thread answer = new Thread(() -> {
                try (Socket client = broker.accept(); InputStream in = client.getInputStream();
                     OutputStream out = client.getOutputStream()) {
                    in.readNBytes(2 + 0x37); // the probe's whole CONNECT
                    out.write(new byte[]{0x20, 0x03, 0x00, (byte) 0x87, 0x00}); // CONNACK: not authorized
                    out.flush();
                } catch (final IOException ignored) {
                    // the probe went away
                }
            });
            answer.start();
            assertThat(runProbe(broker.getLocalPort())).isNotZero();
            answer.join(10_000);
        }
    }

    @Test
    void unhealthy_when_nothing_listens() throws Exception {
        final int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertThat(runProbe(port)).isNotZero();
    }

    private static int runProbe(final int port) throws Exception {
        final Process process = new ProcessBuilder("bash", "-c", probe.replace("/dev/tcp/127.0.0.1/1883",
                "/dev/tcp/127.0.0.1/" + port)).redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the probe ends by itself").isTrue();
        return process.exitValue();
    }
}
