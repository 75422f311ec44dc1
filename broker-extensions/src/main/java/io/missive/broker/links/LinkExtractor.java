package io.missive.broker.links;

import com.google.common.net.InternetDomainName;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the domains a message text links to, as the link policy sees them (docs/security.md):
 * <ul>
 *   <li>the host of every {@code http://} and {@code https://} URL (any case), whatever it is: a
 *       name, a single label such as {@code localhost}, an IPv4 address or an {@code [IPv6]}
 *       literal; user info ({@code user:pw@}, the last {@code @} counts) and port are dropped;</li>
 *   <li>a bare name as people type it ({@code example.com}, {@code www.example.com/x},
 *       {@code bücher.de}): dot-separated labels whose last one is under a top-level domain of the
 *       Public Suffix List's ICANN section, so that {@code e.g.}, {@code 1.5}, {@code index.html} or
 *       {@code node.js} are no links. A name right after or before {@code @} (an e-mail address) is
 *       not a link.</li>
 * </ul>
 * Each domain is normalized: trailing dots dropped, international names in their ASCII form
 * ({@link IDN#toASCII}), lower case. Punctuation around a link (end of a sentence, brackets,
 * quotes) is not part of it.
 */
public final class LinkExtractor {

    /** The longest domain name. */
    private static final int MAX_DOMAIN_CHARS = 253;

    private static final Pattern URL = Pattern.compile(
            "(?<![\\p{L}\\p{N}])https?://(?:[^\\s/?#]*@)?(\\[[0-9A-Fa-f:.]+]|[\\p{L}\\p{N}\\p{M}.-]+)",
            Pattern.CASE_INSENSITIVE);

    private static final String LABEL_CHAR = "[\\p{L}\\p{N}\\p{M}]";
    /** Labels and dots, the last label starting with a letter; not inside a word or an e-mail address. */
    private static final Pattern BARE = Pattern.compile(
            "(?<![\\p{L}\\p{N}\\p{M}@.-])((?:" + LABEL_CHAR + "(?:[\\p{L}\\p{N}\\p{M}-]*" + LABEL_CHAR + ")?\\.)+"
                    + "[\\p{L}\\p{M}][\\p{L}\\p{N}\\p{M}-]*)(?!\\.?[\\p{L}\\p{N}\\p{M}@-])");

    private static final Pattern ASCII_NAME = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private LinkExtractor() {
    }

    /** The distinct domains linked to, normalized, in the order they appear; empty when there is no link. */
    public static @NotNull List<String> domains(final @NotNull String text) {
        if (text.indexOf('.') < 0 && text.indexOf('[') < 0) {
            return List.of(); // the common case: no dot, no link
        }
        final TreeMap<Integer, String> found = new TreeMap<>(); // by position in the text
        final StringBuilder rest = new StringBuilder(text);
        final Matcher url = URL.matcher(text);
        while (url.find()) {
            final String domain = normalize(url.group(1));
            if (domain != null) {
                found.put(url.start(), domain);
            }
            // the rest of the URL (path, user info) is no bare name
            for (int i = url.start(); i < rest.length() && !Character.isWhitespace(rest.charAt(i)); i++) {
                rest.setCharAt(i, ' ');
            }
        }
        final Matcher bare = BARE.matcher(rest);
        while (bare.find()) {
            final String domain = normalize(bare.group(1));
            if (domain != null && !isAddress(domain) && underTopLevelDomain(domain)) {
                found.put(bare.start(), domain);
            }
        }
        return found.isEmpty() ? List.of() : new ArrayList<>(new LinkedHashSet<>(found.values()));
    }

    /**
     * A host or deny-list entry in its normalized form: trailing dots dropped, an {@code [IPv6]}
     * literal without brackets, an international name in ASCII, lower case; null when it is no
     * domain name or address.
     */
    public static @Nullable String normalize(final @NotNull String host) {
        String name = host.trim();
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.startsWith("[") && name.endsWith("]") && name.length() > 2) {
            return name.substring(1, name.length() - 1).toLowerCase(Locale.ROOT);
        }
        if (name.isEmpty() || name.length() > MAX_DOMAIN_CHARS) {
            return null;
        }
        final String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (final IllegalArgumentException e) {
            return null;
        }
        return ASCII_NAME.matcher(ascii).matches() && ascii.length() <= MAX_DOMAIN_CHARS ? ascii : null;
    }

    /** An IPv4 address or an IPv6 literal (normalized): matched exactly, never as a parent domain. */
    static boolean isAddress(final @NotNull String domain) {
        return domain.indexOf(':') >= 0 || IPV4.matcher(domain).matches();
    }

    private static boolean underTopLevelDomain(final @NotNull String domain) {
        try {
            return InternetDomainName.isValid(domain) && InternetDomainName.from(domain).isUnderRegistrySuffix();
        } catch (final IllegalArgumentException | IllegalStateException e) {
            return false;
        }
    }
}
