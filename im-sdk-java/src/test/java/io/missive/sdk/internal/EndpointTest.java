package io.missive.sdk.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointTest {

    @Test
    void the_four_schemes_with_their_default_ports() {
        assertThat(Endpoint.parse("tcp://chat.example.com").port()).isEqualTo(1883);
        assertThat(Endpoint.parse("ssl://chat.example.com").port()).isEqualTo(8883);
        assertThat(Endpoint.parse("ws://chat.example.com/mqtt").port()).isEqualTo(80);
        assertThat(Endpoint.parse("wss://chat.example.com/mqtt").port()).isEqualTo(443);
        final Endpoint wss = Endpoint.parse("wss://chat.example.com:8443/mqtt");
        assertThat(wss.tls()).isTrue();
        assertThat(wss.webSocket()).isTrue();
        assertThat(wss.port()).isEqualTo(8443);
        assertThat(wss.webSocketTarget()).isEqualTo("/mqtt");
        assertThat(Endpoint.parse("ws://127.0.0.1:8000").webSocketTarget()).isEqualTo("/mqtt");
        assertThat(Endpoint.parse("tcp://127.0.0.1:1883").tls()).isFalse();
        assertThat(Endpoint.parse("ssl://[::1]:8883").host()).isEqualTo("[::1]");
    }

    @Test
    void what_is_wrong_is_said() {
        assertThatThrownBy(() -> Endpoint.parse("gopher://chat.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcp, ssl, ws or wss");
        assertThatThrownBy(() -> Endpoint.parse("chat.example.com:1883"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme");
        assertThatThrownBy(() -> Endpoint.parse("tcp://:1883"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
        assertThatThrownBy(() -> Endpoint.parse("tcp://bad_host:1883"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
        assertThatThrownBy(() -> Endpoint.parse("tcp://127.0.0.1:0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> Endpoint.parse("tcp://127.0.0.1:70000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> Endpoint.parse("tcp://127.0.0.1:1883/mqtt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no path");
        assertThatThrownBy(() -> Endpoint.parse("tcp://alice:pw@127.0.0.1:1883"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentials");
        assertThatThrownBy(() -> Endpoint.parse(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void the_same_endpoint_twice_is_refused_however_spelled() {
        assertThatThrownBy(() -> Endpoint.parseAll(List.of("tcp://Chat.example.com", "TCP://chat.example.com:1883")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
        assertThat(Endpoint.parseAll(List.of("tcp://chat.example.com", "ws://chat.example.com/mqtt"))).hasSize(2);
    }
}
