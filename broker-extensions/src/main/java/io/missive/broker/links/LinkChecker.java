package io.missive.broker.links;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * An external judge of links, asked after the deny list let a message's links pass: the plug-in
 * point of the link policy. The built-in one asks an operator's HTTP service
 * ({@link HttpLinkChecker}, {@code links.checker-url}); another implementation is bound in place of
 * it with Guice's {@code OptionalBinder.newOptionalBinder(binder, LinkChecker.class).setBinding()}.
 *
 * <p>{@link #check} must not block: it returns at once and completes later, on any thread. The
 * policy gives it {@code links.checker-timeout-ms}; a stage that fails, completes late or completes
 * with null is a check that failed, and {@code links.checker-fail} decides.
 */
public interface LinkChecker {

    /**
     * Judges the domains one message links to.
     *
     * @param domains one or more distinct domains, normalized (lower case, ASCII form), in the
     *                order they appear in the text
     */
    @NotNull CompletionStage<Verdict> check(@NotNull List<String> domains);

    /** Releases what the checker holds; called when the extension stops. */
    default void close() {
    }

    /** A checker's answer: {@code refused} names the domain refused, null when all may pass. */
    record Verdict(@Nullable String refused) {

        public static final @NotNull Verdict ALLOWED = new Verdict(null);

        public static @NotNull Verdict refusing(final @NotNull String domain) {
            return new Verdict(domain);
        }
    }
}
