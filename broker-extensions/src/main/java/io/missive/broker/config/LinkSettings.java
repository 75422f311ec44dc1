package io.missive.broker.config;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.net.URI;
import java.nio.file.Path;

/**
 * {@code links.*}: the link policy of message texts.
 *
 * @param denyFile         the deny list's file ({@code links.deny-file}), readable at start; null: no deny list
 * @param checkerUrl       the HTTP link checker ({@code links.checker-url}); null: none
 * @param checkerTimeoutMs how long a send waits for the checker ({@code links.checker-timeout-ms})
 * @param failOpen         without an answer in time, let the message through ({@code links.checker-fail=open})
 */
public record LinkSettings(@Nullable Path denyFile, @Nullable URI checkerUrl, int checkerTimeoutMs,
                           boolean failOpen) {

    /** No deny list, no checker: every link passes. */
    public static final @NotNull LinkSettings OFF = new LinkSettings(null, null, 300, true);
}
