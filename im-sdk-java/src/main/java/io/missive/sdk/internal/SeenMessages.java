package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The most recent message identities (conversation id, seq) delivered to listeners, to drop
 * redeliveries. Bounded: beyond {@code capacity} the oldest identity is forgotten. Not thread-safe;
 * confined to the delivery thread.
 */
final class SeenMessages {

    private final @NotNull Map<Key, Boolean> seen;

    SeenMessages(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(final Map.Entry<Key, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return true the first time an identity is offered (within the window), false for a repeat */
    boolean firstSighting(final @NotNull String conversationId, final long seq) {
        return seen.putIfAbsent(new Key(conversationId, seq), Boolean.TRUE) == null;
    }

    int size() {
        return seen.size();
    }

    private static final class Key {

        private final @NotNull String conversationId;
        private final long seq;

        private Key(final @NotNull String conversationId, final long seq) {
            this.conversationId = conversationId;
            this.seq = seq;
        }

        @Override
        public boolean equals(final @Nullable Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            final Key that = (Key) o;
            return seq == that.seq && conversationId.equals(that.conversationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, seq);
        }
    }
}
