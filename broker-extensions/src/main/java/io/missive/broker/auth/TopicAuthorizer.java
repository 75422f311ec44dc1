package io.missive.broker.auth;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.missive.broker.request.Identity;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

/**
 * Topic permissions, from the authenticated identity only: a device may subscribe to its user's
 * sync stream and its own reply topic, exactly (no wildcards, no shared subscriptions), and
 * publish only to its own uplink topic. Everything else is refused with NOT_AUTHORIZED.
 *
 * <p>Stateless, so one instance serves every client.
 */
@Singleton
public final class TopicAuthorizer implements SubscriptionAuthorizer, PublishAuthorizer {

    @Override
    public void authorizeSubscribe(final @NotNull SubscriptionAuthorizerInput input,
                                   final @NotNull SubscriptionAuthorizerOutput output) {
        final Identity identity = Identity.of(input.getConnectionInformation().getConnectionAttributeStore(),
                input.getClientInformation().getClientId());
        final String filter = input.getSubscription().getTopicFilter();
        if (identity != null && (filter.equals(identity.userTopic()) || filter.equals(identity.replyTopic()))) {
            output.authorizeSuccessfully();
        } else {
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED,
                    "a device may subscribe only to its own user and device topics");
        }
    }

    @Override
    public void authorizePublish(final @NotNull PublishAuthorizerInput input,
                                 final @NotNull PublishAuthorizerOutput output) {
        final Identity identity = Identity.of(input.getConnectionInformation().getConnectionAttributeStore(),
                input.getClientInformation().getClientId());
        if (identity != null && input.getPublishPacket().getTopic().equals(identity.uplinkTopic())) {
            output.authorizeSuccessfully();
        } else {
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED,
                    "a device may publish only to its own uplink topic");
        }
    }
}
