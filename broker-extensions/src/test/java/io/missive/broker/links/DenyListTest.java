package io.missive.broker.links;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DenyListTest {

    private static final DenyList LIST = DenyList.parse(List.of(
            "# phishing",
            "Example.COM   # and every subdomain",
            "",
            "   ",
            "*.wild.example.org",
            "bücher.de.",
            "10.1.2.3",
            "not a domain",
            "evil.example.net"));

    @Test
    void an_entry_refuses_the_domain_and_its_subdomains_only() {
        assertThat(LIST.entryFor("example.com")).isEqualTo("example.com");
        assertThat(LIST.entryFor("a.b.example.com")).isEqualTo("example.com");
        assertThat(LIST.entryFor("notexample.com")).isNull();
        assertThat(LIST.entryFor("example.com.evil.org")).isNull();
        assertThat(LIST.entryFor("com")).isNull();
        assertThat(LIST.entryFor("x.wild.example.org")).isEqualTo("wild.example.org");
        assertThat(LIST.entryFor("example.org")).isNull();
    }

    @Test
    void entries_are_normalized_like_links() {
        assertThat(LIST.entryFor("xn--bcher-kva.de")).isEqualTo("xn--bcher-kva.de");
        assertThat(LIST.firstRefused(LinkExtractor.domains("bei https://BÜCHER.de/ kaufen")))
                .isEqualTo("xn--bcher-kva.de");
    }

    @Test
    void an_address_is_refused_only_itself() {
        assertThat(LIST.entryFor("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(LIST.entryFor("9.10.1.2.3")).isNull();
    }

    @Test
    void comments_blank_lines_and_lines_without_a_domain() {
        assertThat(LIST.size()).isEqualTo(5);
        assertThat(LIST.invalidLines()).containsExactly(8);
        assertThat(DenyList.parse(List.of("# nothing", "")).size()).isZero();
    }

    @Test
    void the_first_refused_domain_of_a_text_is_named() {
        assertThat(LIST.firstRefused(List.of("fine.example.org", "www.example.com", "evil.example.net")))
                .isEqualTo("www.example.com");
        assertThat(LIST.firstRefused(List.of("fine.example.org"))).isNull();
        assertThat(DenyList.EMPTY.firstRefused(List.of("example.com"))).isNull();
    }
}
