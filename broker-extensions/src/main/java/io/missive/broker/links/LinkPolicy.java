package io.missive.broker.links;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.config.LinkSettings;
import io.missive.broker.metrics.Metrics;
import io.missive.broker.request.RequestException;
import io.missive.broker.store.Workers;
import io.missive.protocol.v1.ErrorCode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The link policy a message text passes before it is stored: the domains it links to
 * ({@link LinkExtractor}) are checked against the deny list ({@link DenyListFile}) first, and only
 * when it lets them all pass, by the {@link LinkChecker} if there is one, within
 * {@code links.checker-timeout-ms}. A text without links costs a scan and nothing else. A refusal
 * is {@code LINK_REFUSED} naming the domain. A check that fails (no answer in time, an error, an
 * answer that is none) lets the message through with {@code links.checker-fail=open} and refuses it
 * with {@code closed}; either way it is counted. Nothing here blocks: the checker's answer
 * continues the send on the thread that brings it.
 */
@Singleton
public final class LinkPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(LinkPolicy.class);

    private final @NotNull DenyListFile denyList;
    private final @Nullable LinkChecker checker;
    private final @NotNull LinkSettings settings;
    private final @NotNull ScheduledExecutorService timer;
    private final @NotNull Metrics metrics;
    /** The checker's latest check failed (logged once until one succeeds again). */
    private final @NotNull AtomicBoolean checkerFailing = new AtomicBoolean();

    @Inject
    public LinkPolicy(final @NotNull ExtensionConfig config, final @NotNull DenyListFile denyList,
                      final @NotNull Optional<LinkChecker> checker, final @NotNull Workers workers,
                      final @NotNull Metrics metrics) {
        this(config.links(), denyList, checker.orElse(null), workers.timer(), metrics);
    }

    LinkPolicy(final @NotNull LinkSettings settings, final @NotNull DenyListFile denyList,
               final @Nullable LinkChecker checker, final @NotNull ScheduledExecutorService timer,
               final @NotNull Metrics metrics) {
        this.settings = settings;
        this.denyList = denyList;
        this.checker = checker;
        this.timer = timer;
        this.metrics = metrics;
    }

    /**
     * Completes when the text may be stored; fails with {@link RequestException} LINK_REFUSED when
     * it may not.
     */
    public @NotNull CompletableFuture<Void> admit(final @NotNull String text) {
        final List<String> domains = LinkExtractor.domains(text);
        if (domains.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        final String denied = denyList.current().firstRefused(domains);
        if (denied != null) {
            metrics.linkRefusedByDenyList();
            return CompletableFuture.failedFuture(refused(denied, "is on the server's deny list"));
        }
        if (checker == null) {
            return CompletableFuture.completedFuture(null);
        }
        return ask(checker, domains).handle((verdict, error) -> {
            if (error == null) {
                if (checkerFailing.compareAndSet(true, false)) {
                    LOG.info("The link checker answers again");
                }
                if (verdict.refused() == null) {
                    return null;
                }
                metrics.linkRefusedByChecker();
                throw refused(verdict.refused(), "is refused by the server's link checker");
            }
            final Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            final boolean timeout = cause instanceof TimeoutException;
            metrics.linkCheckFailed(timeout, !settings.failOpen());
            if (checkerFailing.compareAndSet(false, true)) {
                LOG.warn("The link checker failed ({}); links are {} until it answers again", timeout
                                ? "no answer within " + settings.checkerTimeoutMs() + " ms" : cause.toString(),
                        settings.failOpen() ? "let through unchecked" : "refused");
            }
            if (settings.failOpen()) {
                return null;
            }
            throw refused(domains.get(0), "could not be checked (" + (timeout ? "the link checker did not answer"
                    + " within " + settings.checkerTimeoutMs() + " ms" : "the link checker failed") + ")");
        });
    }

    /** The checker's answer, or a TimeoutException once the time budget is spent. */
    private @NotNull CompletableFuture<LinkChecker.Verdict> ask(final @NotNull LinkChecker judge,
                                                                final @NotNull List<String> domains) {
        final CompletableFuture<LinkChecker.Verdict> answer = new CompletableFuture<>();
        final ScheduledFuture<?> budget = timer.schedule(() -> answer.completeExceptionally(new TimeoutException()),
                settings.checkerTimeoutMs(), TimeUnit.MILLISECONDS);
        CompletionStage<LinkChecker.Verdict> call;
        try {
            call = judge.check(List.copyOf(domains));
        } catch (final RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((verdict, error) -> {
            budget.cancel(false);
            if (error != null) {
                answer.completeExceptionally(error);
            } else if (verdict == null) {
                answer.completeExceptionally(new IllegalStateException("the link checker answered null"));
            } else {
                answer.complete(verdict);
            }
        });
        return answer;
    }

    private static @NotNull RequestException refused(final @NotNull String domain, final @NotNull String why) {
        return new RequestException(ErrorCode.LINK_REFUSED, "the link to '" + domain + "' " + why);
    }

    /** Stops the checker (the extension stops). */
    public void close() {
        if (checker != null) {
            checker.close();
        }
    }
}
