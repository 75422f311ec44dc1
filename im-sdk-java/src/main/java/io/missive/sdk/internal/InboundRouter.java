package io.missive.sdk.internal;

import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The MQTT library's callback. It runs on the library's thread, which acknowledges a message only
 * after the callback returns and dies if the callback throws: so it only routes the raw payload to
 * the client's own threads and never throws. Stream events and unsolicited replies (retransmitted
 * stream events) go to the delivery thread, replies to requests to the callback thread.
 */
final class InboundRouter implements MqttCallback {

    private static final @NotNull Logger LOG = Logger.getLogger(InboundRouter.class.getName());

    private final @NotNull String streamTopic;
    private final @NotNull String replyTopic;
    private final @NotNull Executor callbacks;
    private final @NotNull Executor delivery;
    private final @NotNull RequestChannel requests;
    private final @NotNull SyncSession session;
    private final @NotNull Consumer<MissiveException> connectionLost;

    InboundRouter(
            final @NotNull String streamTopic,
            final @NotNull String replyTopic,
            final @NotNull Executor callbacks,
            final @NotNull Executor delivery,
            final @NotNull RequestChannel requests,
            final @NotNull SyncSession session,
            final @NotNull Consumer<MissiveException> connectionLost) {
        this.streamTopic = streamTopic;
        this.replyTopic = replyTopic;
        this.callbacks = callbacks;
        this.delivery = delivery;
        this.requests = requests;
        this.session = session;
        this.connectionLost = connectionLost;
    }

    @Override
    public void messageArrived(final String topic, final MqttMessage message) {
        try {
            final byte[] payload = message.getPayload();
            if (streamTopic.equals(topic)) {
                delivery.execute(() -> session.onStreamPayload(payload));
            } else if (replyTopic.equals(topic)) {
                final MqttProperties properties = message.getProperties();
                final byte[] correlation = properties == null ? null : properties.getCorrelationData();
                if (correlation == null) {
                    delivery.execute(() -> session.onUnsolicitedReply(payload));
                } else {
                    callbacks.execute(() -> requests.onReply(correlation, payload));
                }
            } else {
                LOG.fine(() -> "ignoring a message on unexpected topic " + topic);
            }
        } catch (final RuntimeException e) {
            LOG.log(Level.WARNING, "could not route a message on " + topic, e);
        }
    }

    @Override
    public void disconnected(final MqttDisconnectResponse response) {
        try {
            final MqttException exception = response.getException();
            final String reason;
            if (exception != null) {
                final String detail = exception.getMessage();
                reason = detail == null || detail.equalsIgnoreCase("connection lost")
                        ? "connection lost"
                        : "connection lost: " + detail;
            } else {
                final String reasonString = response.getReasonString();
                reason = "server disconnected with reason code " + ReasonCodes.hex(response.getReturnCode())
                        + (reasonString == null ? "" : " (" + reasonString + ")");
            }
            final MissiveException cause = new MissiveException(ErrorCode.NOT_CONNECTED, reason, null,
                    exception == null ? response.getReturnCode() : -1, exception);
            callbacks.execute(() -> connectionLost.accept(cause));
        } catch (final RuntimeException e) {
            LOG.log(Level.FINE, "could not report a lost connection", e);
        }
    }

    @Override
    public void mqttErrorOccurred(final MqttException exception) {
        LOG.log(Level.WARNING, "MQTT protocol error", exception);
    }

    @Override
    public void deliveryComplete(final IMqttToken token) {
        // Request outcomes are handled by each publish's own action listener.
    }

    @Override
    public void connectComplete(final boolean reconnect, final String serverUri) {
        // Connection outcomes are handled by the connect action listener.
    }

    @Override
    public void authPacketArrived(final int reasonCode, final MqttProperties properties) {
        // Missive does not use MQTT 5 enhanced authentication.
    }
}
