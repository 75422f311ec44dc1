package io.missive.broker.contact;

import io.missive.broker.presence.Presence;
import io.missive.broker.request.Identity;
import io.missive.broker.request.Protos;
import io.missive.broker.request.RequestException;
import io.missive.broker.sync.StreamAppender;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.Contact;
import io.missive.protocol.v1.ContactList;
import io.missive.protocol.v1.ContactTarget;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.SyncEvent;
import io.missive.storage.MongoStores;
import io.missive.storage.contact.Relation;
import io.missive.storage.sync.SyncEntry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Contact requests, contacts and blocks. Each change is decided on the pair's stored relation and
 * written only if nobody changed it meanwhile (else decided again); each side whose view of the
 * relation changed is told through their sync stream. Blocking is never announced as such: the
 * blocked user sees at most the contact ending.
 */
@Singleton
public final class ContactsHandler {

    private static final int MAX_ATTEMPTS = 5;

    private final @NotNull MongoStores stores;
    private final @NotNull Relations relations;
    private final @NotNull StreamAppender streams;
    private final @NotNull Presence presence;

    @Inject
    public ContactsHandler(final @NotNull MongoStores stores, final @NotNull Relations relations,
                           final @NotNull StreamAppender streams, final @NotNull Presence presence) {
        this.stores = stores;
        this.relations = relations;
        this.streams = streams;
        this.presence = presence;
    }

    public @NotNull CompletableFuture<Contact> request(final @NotNull Identity who, final @NotNull ContactTarget target) {
        return change(who, target, true, (me, r) -> {
            if (r.blockedBy(me)) {
                throw new RequestException(ErrorCode.BLOCKED, "you blocked '" + r.other(me) + "': unblock first");
            }
            if (r.blocked()) {
                throw new RequestException(ErrorCode.BLOCKED, "'" + r.other(me) + "' does not accept requests from you");
            }
            switch (r.stateFor(me)) {
                case Relation.ACCEPTED:
                case Relation.REQUEST_SENT:
                    return r;
                case Relation.REQUEST_RECEIVED:
                    return r.accept();
                default:
                    return r.request(me);
            }
        });
    }

    public @NotNull CompletableFuture<Contact> accept(final @NotNull Identity who, final @NotNull ContactTarget target) {
        return change(who, target, false, (me, r) -> {
            switch (r.stateFor(me)) {
                case Relation.ACCEPTED:
                    return r;
                case Relation.REQUEST_RECEIVED:
                    return r.accept();
                default:
                    throw new RequestException(ErrorCode.NOT_FOUND, "no contact request from '" + r.other(me) + "'");
            }
        });
    }

    public @NotNull CompletableFuture<Contact> remove(final @NotNull Identity who, final @NotNull ContactTarget target) {
        return change(who, target, false, (me, r) -> r.accepted() || !r.requestedBy().isEmpty() ? r.clear() : r);
    }

    public @NotNull CompletableFuture<Contact> block(final @NotNull Identity who, final @NotNull ContactTarget target) {
        return change(who, target, true, (me, r) -> r.blockedBy(me) ? r : r.block(me, true));
    }

    public @NotNull CompletableFuture<Contact> unblock(final @NotNull Identity who, final @NotNull ContactTarget target) {
        return change(who, target, false, (me, r) -> r.blockedBy(me) ? r.block(me, false) : r);
    }

    public @NotNull CompletableFuture<ContactList> list(final @NotNull Identity who) {
        return stores.contacts().of(who.userId()).thenApply(all -> {
            final ContactList.Builder reply = ContactList.newBuilder();
            all.stream().filter(r -> !Relation.NONE.equals(r.stateFor(who.userId())))
                    .sorted(Comparator.comparing(r -> r.other(who.userId())))
                    .forEach(r -> reply.addContacts(view(who.userId(), r)));
            return reply.build();
        });
    }

    /**
     * Decides and stores a change of the relation with the target user.
     *
     * @param mustExist whether the target user must exist (asking or blocking someone)
     */
    private @NotNull CompletableFuture<Contact> change(final @NotNull Identity who, final @NotNull ContactTarget target,
                                                       final boolean mustExist,
                                                       final @NotNull BiFunction<String, Relation, Relation> decide) {
        final String me = who.userId();
        final String other = target.getUserId();
        if (!Ids.isValidUserId(other)) {
            throw new RequestException(ErrorCode.INVALID_ARGUMENT, "user_id is not a valid user id");
        }
        if (other.equals(me)) {
            throw new RequestException(ErrorCode.INVALID_ARGUMENT, "user_id is the sender");
        }
        final CompletableFuture<Boolean> exists = mustExist ? stores.users().exists(other)
                : CompletableFuture.completedFuture(true);
        return exists.thenCompose(found -> {
            if (!found) {
                throw new RequestException(ErrorCode.NOT_FOUND, "no user '" + other + "'");
            }
            return attempt(me, other, decide, 1);
        });
    }

    private @NotNull CompletableFuture<Contact> attempt(final @NotNull String me, final @NotNull String other,
                                                        final @NotNull BiFunction<String, Relation, Relation> decide,
                                                        final int attempt) {
        return stores.contacts().find(me, other).thenCompose(before -> {
            final Relation after = decide.apply(me, before);
            if (after == before) {
                relations.changed(me, other, before);
                return CompletableFuture.completedFuture(view(me, before));
            }
            return stores.contacts().replace(before, after).thenCompose(stored -> {
                if (!stored) {
                    relations.forget(me, other);
                    if (attempt >= MAX_ATTEMPTS) {
                        throw new RequestException(ErrorCode.INTERNAL, "the relation kept changing; try again");
                    }
                    return attempt(me, other, decide, attempt + 1);
                }
                relations.changed(me, other, after);
                if (!Relation.ACCEPTED.equals(after.stateFor(me)) || after.blocked()) {
                    presence.unfollowEachOther(me, other);
                }
                return announce(me, before, after).thenCompose(ignored -> announce(other, before, after))
                        .thenApply(ignored -> view(me, after));
            });
        });
    }

    /** Tells a user's devices how the relation looks to them now, if that changed. */
    private @NotNull CompletableFuture<Void> announce(final @NotNull String user, final @NotNull Relation before,
                                                      final @NotNull Relation after) {
        final String state = after.stateFor(user);
        if (state.equals(before.stateFor(user))) {
            return CompletableFuture.completedFuture(null);
        }
        final Contact contact = view(user, after);
        return streams.append(SyncEntry.contact(user, after.other(user), state, after.rev()),
                        e -> SyncEvent.newBuilder().setVersion(e.version()).setContact(contact).build())
                .thenApply(ignored -> null);
    }

    static @NotNull Contact view(final @NotNull String me, final @NotNull Relation relation) {
        return Contact.newBuilder().setUserId(relation.other(me))
                .setState(Protos.contactState(relation.stateFor(me))).setSinceMs(relation.sinceMs()).build();
    }
}
