package io.missive.broker.links;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LinkExtractorTest {

    @Test
    void urls_give_their_host_without_user_info_port_or_case() {
        assertThat(LinkExtractor.domains("see https://Docs.Example.COM:8443/a/b?c=d#e now"))
                .containsExactly("docs.example.com");
        assertThat(LinkExtractor.domains("HTTP://user:secret@Evil.example.net/login"))
                .containsExactly("evil.example.net");
        // the last '@' ends the user info: the classic disguise
        assertThat(LinkExtractor.domains("http://bank.example.com@phish.example.org/"))
                .containsExactly("phish.example.org");
        assertThat(LinkExtractor.domains("http://localhost:8080/x and http://10.1.2.3/ and http://[2001:DB8::1]:80/"))
                .containsExactly("localhost", "10.1.2.3", "2001:db8::1");
    }

    @Test
    void bare_names_people_type_are_links() {
        assertThat(LinkExtractor.domains("go to www.example.com/x or example.org, or sub.example.co.uk"))
                .containsExactly("www.example.com", "example.org", "sub.example.co.uk");
        assertThat(LinkExtractor.domains("Example.COM:8080/path")).containsExactly("example.com");
    }

    @Test
    void punctuation_around_a_link_is_not_part_of_it() {
        assertThat(LinkExtractor.domains("Read example.com. Then (see https://example.org/x), \"evil.example.net\"!"))
                .containsExactly("example.com", "example.org", "evil.example.net");
        assertThat(LinkExtractor.domains("end of sentence: https://example.com."))
                .containsExactly("example.com");
        assertThat(LinkExtractor.domains("trailing dot of a fully qualified name example.com.")).containsExactly("example.com");
    }

    @Test
    void international_names_are_in_their_ascii_form() {
        assertThat(LinkExtractor.domains("Bücher bei bücher.de und https://MÜNCHEN.example/"))
                .containsExactly("xn--bcher-kva.de", "xn--mnchen-3ya.example");
        assertThat(LinkExtractor.domains("сайт пример.рф")).containsExactly("xn--e1afmkfd.xn--p1ai");
    }

    @Test
    void abbreviations_numbers_files_and_mail_addresses_are_no_links() {
        assertThat(LinkExtractor.domains("e.g. this, i.e. that, etc. Version 1.5 costs 3.50, file index.html, "
                + "node.js, a...b, mail bob@example.com")).isEmpty();
        assertThat(LinkExtractor.domains("no dot at all")).isEmpty();
        assertThat(LinkExtractor.domains("")).isEmpty();
    }

    @Test
    void each_domain_is_given_once_in_the_order_of_the_text() {
        assertThat(LinkExtractor.domains("b.example.com a.example.com https://B.example.com/x b.example.com"))
                .containsExactly("b.example.com", "a.example.com");
    }

    @Test
    void the_path_of_a_url_is_no_second_link() {
        assertThat(LinkExtractor.domains("https://example.com/redirect/other.example.org/x"))
                .containsExactly("example.com");
    }

    @Test
    void normalize_refuses_what_is_no_name() {
        assertThat(LinkExtractor.normalize("Example.COM.")).isEqualTo("example.com");
        assertThat(LinkExtractor.normalize("has space.com")).isNull();
        assertThat(LinkExtractor.normalize("a/b.com")).isNull();
        assertThat(LinkExtractor.normalize("...")).isNull();
    }
}
