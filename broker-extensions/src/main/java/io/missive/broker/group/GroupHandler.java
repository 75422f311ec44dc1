package io.missive.broker.group;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.messaging.Directory;
import io.missive.broker.messaging.FanoutTracker;
import io.missive.broker.request.Identity;
import io.missive.broker.request.Protos;
import io.missive.broker.request.RequestException;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.ChangeMembers;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.GroupInfo;
import io.missive.protocol.v1.LeaveGroup;
import io.missive.protocol.v1.ListMembers;
import io.missive.protocol.v1.Member;
import io.missive.protocol.v1.MemberPage;
import io.missive.protocol.v1.RenameGroup;
import io.missive.protocol.v1.Role;
import io.missive.protocol.v1.SetMemberRole;
import io.missive.storage.MongoStores;
import io.missive.storage.conversation.Membership;
import io.missive.storage.conversation.Participants;
import io.missive.storage.message.AppendResult;
import io.missive.storage.message.GroupEvent;
import io.missive.storage.message.NewMessage;
import io.missive.storage.message.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Group requests. A change is checked against the group's stored state, stored as a group event
 * (taking the group's next seq, de-duplicated by its request id), applied, and announced, all as
 * one change of the group ({@link GroupMembers#change}) so that changes of a group never
 * interleave. A resent request finds its stored event and answers with it, finishing its
 * application if a crash cut it short.
 */
@Singleton
public final class GroupHandler {

    static final int MAX_NAME_CHARS = 100;
    private static final int DEFAULT_MEMBER_PAGE = 500;
    private static final int MAX_MEMBER_PAGE = 1_000;

    private final @NotNull MongoStores stores;
    private final @NotNull GroupMembers members;
    private final @NotNull GroupDelivery delivery;
    private final @NotNull FanoutTracker tracker;
    private final @NotNull Directory directory;
    private final int maxMembers;

    @Inject
    public GroupHandler(final @NotNull MongoStores stores, final @NotNull GroupMembers members,
                        final @NotNull GroupDelivery delivery, final @NotNull ExtensionConfig config,
                        final @NotNull FanoutTracker tracker, final @NotNull Directory directory) {
        this.tracker = tracker;
        this.directory = directory;
        this.stores = stores;
        this.members = members;
        this.delivery = delivery;
        this.maxMembers = config.maxGroupMembers();
    }

    public @NotNull CompletableFuture<GroupInfo> create(final @NotNull Identity who, final @NotNull CreateGroup request) {
        checkRequestId(request.getRequestId());
        checkName(request.getName());
        final Set<String> participants = new LinkedHashSet<>();
        participants.add(who.userId());
        participants.addAll(userIds(request.getMemberIdsList(), "member_ids"));
        if (participants.size() > maxMembers) {
            throw new RequestException(ErrorCode.GROUP_FULL, "a group has at most " + maxMembers + " members");
        }
        final CompletableFuture<Optional<String>> existing = request.getReuseExisting()
                ? groupAmong(who.userId(), participants) : CompletableFuture.completedFuture(Optional.empty());
        return existing.thenCompose(found -> {
            if (found.isPresent()) {
                return info(found.get(), 0);
            }
            final String group = Ids.groupConversation(who.userId(), request.getRequestId());
            return requireUsers(participants).thenCompose(ignored -> tracked(group, who, request.getRequestId(), () ->
                    stores.conversations().createGroup(group, request.getName(), who.userId(),
                                    System.currentTimeMillis())
                            .thenCompose(created -> stores.messages().append(NewMessage.groupEvent(group, who.userId(),
                                    who.deviceId(), request.getRequestId(), new GroupEvent(GroupEvent.CREATED,
                                            new ArrayList<>(participants), request.getName(), "", ""))))
                            .thenCompose(this::settle)));
        });
    }

    public @NotNull CompletableFuture<GroupInfo> addMembers(final @NotNull Identity who,
                                                            final @NotNull ChangeMembers request) {
        checkRequestId(request.getRequestId());
        final Set<String> added = userIds(request.getUserIdsList(), "user_ids");
        if (added.isEmpty()) {
            throw invalid("user_ids is required");
        }
        return changeAs(who, request.getConversationId(), request.getRequestId(), manager -> {
            requireManager(manager);
            return stores.members().activeIds(request.getConversationId()).thenCompose(current -> {
                final List<String> joining = added.stream().filter(u -> !current.contains(u))
                        .collect(Collectors.toList());
                if (joining.isEmpty()) {
                    throw invalid("every user in user_ids is a member already");
                }
                if (current.size() + joining.size() > maxMembers) {
                    throw new RequestException(ErrorCode.GROUP_FULL, "a group has at most " + maxMembers
                            + " members; it has " + current.size());
                }
                return requireUsers(joining).thenApply(ignored ->
                        new GroupEvent(GroupEvent.MEMBERS_ADDED, joining, "", "", ""));
            });
        });
    }

    public @NotNull CompletableFuture<GroupInfo> removeMembers(final @NotNull Identity who,
                                                               final @NotNull ChangeMembers request) {
        checkRequestId(request.getRequestId());
        final Set<String> removed = userIds(request.getUserIdsList(), "user_ids");
        if (removed.isEmpty()) {
            throw invalid("user_ids is required");
        }
        if (removed.contains(who.userId())) {
            throw invalid("user_ids contains the sender: leave the group instead");
        }
        return changeAs(who, request.getConversationId(), request.getRequestId(), manager -> {
            requireManager(manager);
            return stores.members().active(request.getConversationId()).thenApply(current -> {
                for (final String user : removed) {
                    final Membership target = current.stream().filter(m -> m.userId().equals(user)).findFirst()
                            .orElseThrow(() -> new RequestException(ErrorCode.NOT_FOUND,
                                    "'" + user + "' is not a member of the group"));
                    if (Membership.OWNER.equals(target.role())) {
                        throw new RequestException(ErrorCode.NOT_AUTHORIZED, "the owner cannot be removed");
                    }
                    if (Membership.ADMIN.equals(target.role()) && !Membership.OWNER.equals(manager.role())) {
                        throw new RequestException(ErrorCode.NOT_AUTHORIZED, "only the owner may remove an admin");
                    }
                }
                return new GroupEvent(GroupEvent.MEMBERS_REMOVED, new ArrayList<>(removed), "", "", "");
            });
        });
    }

    public @NotNull CompletableFuture<GroupInfo> leave(final @NotNull Identity who, final @NotNull LeaveGroup request) {
        checkRequestId(request.getRequestId());
        return changeAs(who, request.getConversationId(), request.getRequestId(), self -> {
            if (!Membership.OWNER.equals(self.role())) {
                return CompletableFuture.completedFuture(
                        new GroupEvent(GroupEvent.MEMBER_LEFT, List.of(who.userId()), "", "", ""));
            }
            // The owner leaving hands the group to the longest-standing admin, else member.
            return stores.members().active(request.getConversationId()).thenApply(current -> {
                final String heir = current.stream()
                        .filter(m -> !m.userId().equals(who.userId()))
                        .min(Comparator.comparing((Membership m) -> !Membership.ADMIN.equals(m.role()))
                                .thenComparingLong(Membership::joinedSeq).thenComparing(Membership::userId))
                        .map(Membership::userId).orElse("");
                return new GroupEvent(GroupEvent.MEMBER_LEFT, List.of(who.userId()), "", "", heir);
            });
        });
    }

    public @NotNull CompletableFuture<GroupInfo> rename(final @NotNull Identity who, final @NotNull RenameGroup request) {
        checkRequestId(request.getRequestId());
        checkName(request.getName());
        return changeAs(who, request.getConversationId(), request.getRequestId(), manager -> {
            requireManager(manager);
            return CompletableFuture.completedFuture(
                    new GroupEvent(GroupEvent.RENAMED, List.of(), request.getName(), "", ""));
        });
    }

    public @NotNull CompletableFuture<GroupInfo> setRole(final @NotNull Identity who,
                                                         final @NotNull SetMemberRole request) {
        checkRequestId(request.getRequestId());
        if (!Ids.isValidUserId(request.getUserId())) {
            throw invalid("user_id is not a valid user id");
        }
        if (request.getUserId().equals(who.userId())) {
            throw invalid("user_id is the sender");
        }
        if (request.getRole() == Role.UNRECOGNIZED) {
            throw invalid("role must be MEMBER, ADMIN or OWNER");
        }
        return changeAs(who, request.getConversationId(), request.getRequestId(), self -> {
            if (!Membership.OWNER.equals(self.role())) {
                throw new RequestException(ErrorCode.NOT_AUTHORIZED, "only the owner may change roles");
            }
            return stores.members().find(request.getConversationId(), request.getUserId()).thenApply(target -> {
                if (target.isEmpty() || !target.get().active()) {
                    throw new RequestException(ErrorCode.NOT_FOUND,
                            "'" + request.getUserId() + "' is not a member of the group");
                }
                final String role = Protos.role(request.getRole());
                return new GroupEvent(GroupEvent.ROLE_CHANGED, List.of(request.getUserId()), "", role,
                        request.getRole() == Role.OWNER ? request.getUserId() : "");
            });
        });
    }

    public @NotNull CompletableFuture<MemberPage> listMembers(final @NotNull Identity who,
                                                              final @NotNull ListMembers request) {
        final int limit = request.getLimit() == 0 ? DEFAULT_MEMBER_PAGE : request.getLimit();
        if (limit < 1 || limit > MAX_MEMBER_PAGE) {
            throw invalid("limit must be 1.." + MAX_MEMBER_PAGE + " (0 = " + DEFAULT_MEMBER_PAGE + ")");
        }
        final String group = request.getConversationId();
        return activeMember(who, group)
                .thenCompose(self -> stores.members().page(group, request.getAfterUserId(), limit + 1))
                .thenApply(page -> {
                    final MemberPage.Builder reply = MemberPage.newBuilder().setConversationId(group)
                            .setHasMore(page.size() > limit);
                    page.stream().limit(limit).forEach(m -> reply.addMembers(Member.newBuilder()
                            .setUserId(m.userId()).setRole(Protos.role(m.role())).setJoinedSeq(m.joinedSeq())));
                    return reply.build();
                });
    }

    /**
     * The common path of a change by a member: a resent request answers with its stored event;
     * otherwise the sender must be a current member, and decide builds the event (or refuses).
     */
    private @NotNull CompletableFuture<GroupInfo> changeAs(
            final @NotNull Identity who, final @NotNull String group, final @NotNull String requestId,
            final @NotNull Function<Membership, CompletableFuture<GroupEvent>> decide) {
        return directory.checkGroup(who.userId(), group).thenCompose(ignored -> tracked(group, who, requestId,
                () -> stores.messages().findSent(group, who.userId(), requestId)
                .thenCompose(sent -> {
                    if (sent.isPresent()) {
                        return settle(new AppendResult(sent.get(), true));
                    }
                    return activeMember(who, group)
                            .thenCompose(decide)
                            .thenCompose(event -> stores.messages().append(NewMessage.groupEvent(group, who.userId(),
                                    who.deviceId(), requestId, event)))
                            .thenCompose(this::settle);
                })));
    }

    /**
     * Runs a change of the group in its turn, tracked until it is applied ({@link FanoutTracker}):
     * when the store fails midway, the event may be stored but not applied, and it is applied as
     * soon as the store answers again.
     */
    private @NotNull CompletableFuture<GroupInfo> tracked(final @NotNull String group, final @NotNull Identity who,
                                                         final @NotNull String requestId,
                                                         final @NotNull Supplier<CompletableFuture<GroupInfo>> work) {
        final long ticket = tracker.begin();
        CompletableFuture<GroupInfo> done;
        try {
            done = members.change(group, work);
        } catch (final RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        return done.whenComplete((ok, error) -> {
            final Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (error == null || cause instanceof RequestException) {
                tracker.end(ticket);
            } else {
                // the event may be stored but not applied: apply it once the store answers again
                tracker.retry(ticket, "Group change " + requestId + " of " + group, () -> members.change(group,
                        () -> stores.messages().findSent(group, who.userId(), requestId).thenCompose(sent ->
                                sent.isEmpty() ? CompletableFuture.completedFuture(null)
                                        : delivery.applyAndAnnounce(sent.get()).thenApply(snapshot -> null)))
                        .thenApply(ignored -> null));
            }
        });
    }

    /** Applies and announces a stored event (again, for a resend whose first run may have been cut short). */
    private @NotNull CompletableFuture<GroupInfo> settle(final @NotNull AppendResult result) {
        final StoredMessage event = result.message();
        final CompletableFuture<?> applied = result.duplicate() && !tracker.mayBeUnfinished(event)
                ? CompletableFuture.completedFuture(null) : delivery.applyAndAnnounce(event);
        return applied.thenCompose(ignored -> info(event.conversationId(), event.seq()));
    }

    private @NotNull CompletableFuture<Membership> activeMember(final @NotNull Identity who,
                                                                final @NotNull String group) {
        return directory.checkGroup(who.userId(), group)
                .thenCompose(ignored -> stores.members().find(group, who.userId()))
                .thenApply(m -> m.filter(Membership::active).orElseThrow(() -> Directory.notVisible(group)));
    }

    private @NotNull CompletableFuture<GroupInfo> info(final @NotNull String group, final long changeSeq) {
        return stores.conversations().find(group).thenApply(found -> {
            if (found.isEmpty()) {
                throw new RequestException(ErrorCode.NOT_FOUND, "no group '" + group + "'");
            }
            return GroupInfo.newBuilder().setConversationId(group).setName(found.get().name())
                    .setOwnerUserId(found.get().ownerUserId()).setMemberCount(found.get().memberCount())
                    .setChangeSeq(changeSeq).setCreatedMs(found.get().createdAtMs()).build();
        });
    }

    /** A group the user is in whose members are exactly the participants. */
    @NotNull CompletableFuture<Optional<String>> groupAmong(final @NotNull String userId,
                                                            final @NotNull Set<String> participants) {
        return stores.conversations().withParticipants(Participants.hash(participants))
                .thenCompose(ids -> {
                    CompletableFuture<Optional<String>> found = CompletableFuture.completedFuture(Optional.empty());
                    for (final String id : ids) {
                        if (!Ids.isGroupConversation(id)) {
                            continue;
                        }
                        found = found.thenCompose(f -> f.isPresent() ? CompletableFuture.completedFuture(f)
                                : stores.members().find(id, userId).thenApply(m ->
                                m.filter(Membership::active).map(Membership::conversationId)));
                    }
                    return found;
                });
    }

    private @NotNull CompletableFuture<Void> requireUsers(final @NotNull java.util.Collection<String> userIds) {
        return stores.users().existing(userIds).thenAccept(existing -> {
            for (final String user : userIds) {
                if (!existing.contains(user)) {
                    throw new RequestException(ErrorCode.NOT_FOUND, "no user '" + user + "'");
                }
            }
        });
    }

    private static void requireManager(final @NotNull Membership member) {
        if (!member.canManage()) {
            throw new RequestException(ErrorCode.NOT_AUTHORIZED, "only the owner and admins may do this");
        }
    }

    private static @NotNull Set<String> userIds(final @NotNull List<String> ids, final @NotNull String field) {
        final Set<String> valid = new LinkedHashSet<>();
        for (final String id : ids) {
            if (!Ids.isValidUserId(id)) {
                throw invalid(field + " contains an invalid user id");
            }
            valid.add(id);
        }
        return valid;
    }

    private static void checkRequestId(final @NotNull String requestId) {
        if (!Ids.isValidClientMsgId(requestId)) {
            throw invalid("request_id must be 1..64 characters of letters, digits, '_', '.', ':', '-'");
        }
    }

    private static void checkName(final @NotNull String name) {
        if (name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME_CHARS) {
            throw invalid("name must be 1.." + MAX_NAME_CHARS + " characters and not blank");
        }
    }

    private static @NotNull RequestException invalid(final @NotNull String message) {
        return new RequestException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
