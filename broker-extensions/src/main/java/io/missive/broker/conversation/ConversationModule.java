package io.missive.broker.conversation;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoMap;
import io.missive.broker.request.RequestCase;
import io.missive.broker.request.RequestHandler;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

/** The conversation list, finding a conversation among people, and a user's own conversation settings. */
public final class ConversationModule extends AbstractModule {

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.LIST_CONVERSATIONS)
    @NotNull RequestHandler listConversations(final @NotNull ConversationsHandler conversations) {
        return (device, uplink) -> conversations.list(device, uplink.getListConversations())
                .thenApply(page -> Reply.newBuilder().setConversations(page).build());
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.FIND_CONVERSATION)
    @NotNull RequestHandler findConversation(final @NotNull ConversationsHandler conversations) {
        return (device, uplink) -> conversations.find(device, uplink.getFindConversation())
                .thenApply(summary -> Reply.newBuilder().setConversation(summary).build());
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.UPDATE_SETTINGS)
    @NotNull RequestHandler updateSettings(final @NotNull ConversationsHandler conversations) {
        return (device, uplink) -> conversations.updateSettings(device, uplink.getUpdateSettings())
                .thenApply(settings -> Reply.newBuilder().setSettings(settings).build());
    }
}
