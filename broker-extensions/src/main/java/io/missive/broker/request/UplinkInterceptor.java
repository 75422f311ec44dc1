package io.missive.broker.request;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.missive.broker.config.ExtensionConfig;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.ErrorCode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Takes every publish on an uplink topic away from the broker: it is never delivered to a
 * subscriber. The request is handled asynchronously and the PUBACK is held until it is done, so
 * a QoS 1 send is acknowledged only once the message is stored. Stateless; one instance serves
 * all clients.
 */
@Singleton
public final class UplinkInterceptor implements PublishInboundInterceptor {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final @NotNull UplinkRouter router;
    private final int maxPayloadBytes;

    @Inject
    public UplinkInterceptor(final @NotNull UplinkRouter router, final @NotNull ExtensionConfig config) {
        this.router = router;
        this.maxPayloadBytes = config.maxPayloadBytes();
    }

    @Override
    public void onInboundPublish(final @NotNull PublishInboundInput input, final @NotNull PublishInboundOutput output) {
        final PublishPacket packet = input.getPublishPacket();
        if (!Topics.isUplink(packet.getTopic())) {
            return; // the topic authorizer has the final word on every other topic
        }
        final Identity identity = Identity.of(input.getConnectionInformation().getConnectionAttributeStore(),
                input.getClientInformation().getClientId());
        if (identity == null || !packet.getTopic().equals(identity.uplinkTopic())) {
            // Someone else's uplink: the topic authorizer refuses it (PUBACK and DISCONNECT 0x87),
            // exactly as any other foreign topic. Nobody can subscribe to an uplink either way.
            return;
        }
        final ByteBuffer correlation = packet.getCorrelationData().map(ByteBuffer::asReadOnlyBuffer).orElse(null);
        final String responseTopic = packet.getResponseTopic().orElse(identity.replyTopic());
        final String replyTopic = identity.replyTopic();
        if (!responseTopic.equals(replyTopic)) {
            refuse(output, new RequestException(ErrorCode.NOT_AUTHORIZED,
                    "response topic must be the device's reply topic " + replyTopic), replyTopic, correlation);
            return;
        }
        final ByteBuffer payload = packet.getPayload().orElse(ByteBuffer.allocate(0));
        if (payload.remaining() > maxPayloadBytes) {
            refuse(output, new RequestException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "payload of " + payload.remaining() + " bytes exceeds the limit of " + maxPayloadBytes),
                    replyTopic, correlation);
            return;
        }
        final byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        final Async<PublishInboundOutput> async = output.async(TIMEOUT, TimeoutFallback.FAILURE,
                AckReasonCode.UNSPECIFIED_ERROR, "request timed out; it may be retried");
        router.handle(identity, bytes, replyTopic, correlation).whenComplete((refusal, error) -> {
            try {
                if (refusal == null && error == null) {
                    output.preventPublishDelivery(AckReasonCode.SUCCESS);
                } else if (refusal != null) {
                    output.preventPublishDelivery(refusal.ackReasonCode(), refusal.reasonString());
                } else {
                    output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "server error");
                }
            } finally {
                async.resume();
            }
        });
    }

    private void refuse(final @NotNull PublishInboundOutput output, final @NotNull RequestException refusal,
                        final @NotNull String replyTopic, final ByteBuffer correlation) {
        router.refuse(refusal, "", replyTopic, correlation);
        output.preventPublishDelivery(refusal.ackReasonCode(), refusal.reasonString());
    }
}
