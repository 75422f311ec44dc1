package io.missive.broker.links;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Denied domains: an entry refuses the domain itself and every subdomain ({@code example.com}
 * refuses {@code a.b.example.com}, not {@code notexample.com}); an IP address only itself. Entries
 * are normalized like links ({@link LinkExtractor#normalize}). Immutable.
 */
public final class DenyList {

    public static final @NotNull DenyList EMPTY = new DenyList(Set.of(), List.of());

    private final @NotNull Set<String> domains;
    private final @NotNull List<Integer> invalidLines;

    private DenyList(final @NotNull Set<String> domains, final @NotNull List<Integer> invalidLines) {
        this.domains = Set.copyOf(domains);
        this.invalidLines = List.copyOf(invalidLines);
    }

    /**
     * The list in a file's lines: one domain a line; {@code #} starts a comment; blank lines are
     * ignored; a leading {@code *.} is allowed ({@code *.example.com} is {@code example.com}). A line
     * that holds no domain name is skipped and its number kept in {@link #invalidLines()}.
     */
    public static @NotNull DenyList parse(final @NotNull List<String> lines) {
        final Set<String> domains = new HashSet<>();
        final List<Integer> invalid = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            final int comment = line.indexOf('#');
            if (comment >= 0) {
                line = line.substring(0, comment);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("*.")) {
                line = line.substring(2);
            }
            final String domain = LinkExtractor.normalize(line);
            if (domain == null) {
                invalid.add(i + 1);
            } else {
                domains.add(domain);
            }
        }
        return new DenyList(domains, invalid);
    }

    /** The entry that refuses this (normalized) domain, or null when none does. */
    public @Nullable String entryFor(final @NotNull String domain) {
        if (domains.isEmpty()) {
            return null;
        }
        if (LinkExtractor.isAddress(domain)) {
            return domains.contains(domain) ? domain : null;
        }
        for (String candidate = domain; ; ) {
            // an address entry is no parent: 10.1.2.3 does not refuse 9.10.1.2.3
            if (domains.contains(candidate) && (candidate.equals(domain) || !LinkExtractor.isAddress(candidate))) {
                return candidate;
            }
            final int dot = candidate.indexOf('.');
            if (dot < 0) {
                return null;
            }
            candidate = candidate.substring(dot + 1);
        }
    }

    /** The first of these domains the list refuses, or null. */
    public @Nullable String firstRefused(final @NotNull List<String> linked) {
        for (final String domain : linked) {
            if (entryFor(domain) != null) {
                return domain;
            }
        }
        return null;
    }

    public int size() {
        return domains.size();
    }

    /** Line numbers (from 1) that held no domain name. */
    public @NotNull List<Integer> invalidLines() {
        return invalidLines;
    }
}
