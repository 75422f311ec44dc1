package io.missive.broker.group;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoMap;
import io.missive.broker.request.RequestCase;
import io.missive.broker.request.RequestHandler;
import io.missive.protocol.v1.GroupInfo;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

/** Groups: creating them, changing their members, name and roles, and paging their members. */
public final class GroupModule extends AbstractModule {

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.CREATE_GROUP)
    @NotNull RequestHandler createGroup(final @NotNull GroupHandler groups) {
        return (device, uplink) -> groups.create(device, uplink.getCreateGroup()).thenApply(GroupModule::reply);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.ADD_MEMBERS)
    @NotNull RequestHandler addMembers(final @NotNull GroupHandler groups) {
        return (device, uplink) -> groups.addMembers(device, uplink.getAddMembers()).thenApply(GroupModule::reply);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.REMOVE_MEMBERS)
    @NotNull RequestHandler removeMembers(final @NotNull GroupHandler groups) {
        return (device, uplink) -> groups.removeMembers(device, uplink.getRemoveMembers())
                .thenApply(GroupModule::reply);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.LEAVE_GROUP)
    @NotNull RequestHandler leaveGroup(final @NotNull GroupHandler groups) {
        return (device, uplink) -> groups.leave(device, uplink.getLeaveGroup()).thenApply(GroupModule::reply);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.RENAME_GROUP)
    @NotNull RequestHandler renameGroup(final @NotNull GroupHandler groups) {
        return (device, uplink) -> groups.rename(device, uplink.getRenameGroup()).thenApply(GroupModule::reply);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.SET_MEMBER_ROLE)
    @NotNull RequestHandler setMemberRole(final @NotNull GroupHandler groups) {
        return (device, uplink) -> groups.setRole(device, uplink.getSetMemberRole()).thenApply(GroupModule::reply);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.LIST_MEMBERS)
    @NotNull RequestHandler listMembers(final @NotNull GroupHandler groups) {
        return (device, uplink) -> groups.listMembers(device, uplink.getListMembers())
                .thenApply(page -> Reply.newBuilder().setMembers(page).build());
    }

    private static @NotNull Reply reply(final @NotNull GroupInfo group) {
        return Reply.newBuilder().setGroup(group).build();
    }
}
