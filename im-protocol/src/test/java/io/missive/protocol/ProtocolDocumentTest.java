package io.missive.protocol;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/protocol.md must describe the whole wire contract: every request (a case of
 * {@code Uplink.body}), every reply (a case of {@code Reply.body}), every kind of sync event (a case
 * of {@code SyncEvent.body}) and every error code. A field counts as described when its name appears
 * in backticks; an error code when its name appears as a word. The lists come from the generated
 * descriptors, so a field or code added to the .proto fails this test until the page describes it.
 */
class ProtocolDocumentTest {

    /** The page, relative to this module's directory (the working directory of its tests). */
    private static final Path DOCUMENT = Path.of("..", "docs", "protocol.md");

    private static String document;

    @BeforeAll
    static void readDocument() throws IOException {
        assertThat(DOCUMENT).as("the protocol page %s (from %s)", DOCUMENT,
                Path.of("").toAbsolutePath()).isRegularFile();
        document = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
    }

    @Test
    void every_request_is_described() {
        assertThat(undescribedCases(Uplink.getDescriptor(), "body"))
                .as("Uplink.body cases (requests) not mentioned as `name` in %s", DOCUMENT)
                .isEmpty();
    }

    @Test
    void every_reply_is_described() {
        assertThat(undescribedCases(Reply.getDescriptor(), "body"))
                .as("Reply.body cases (replies) not mentioned as `name` in %s", DOCUMENT)
                .isEmpty();
    }

    @Test
    void every_kind_of_sync_event_is_described() {
        assertThat(undescribedCases(SyncEvent.getDescriptor(), "body"))
                .as("SyncEvent.body cases (event kinds) not mentioned as `name` in %s", DOCUMENT)
                .isEmpty();
    }

    @Test
    void every_error_code_is_described() {
        final List<String> missing = new ArrayList<>();
        for (final EnumValueDescriptor value : ErrorCode.getDescriptor().getValues()) {
            final String name = value.getName();
            if (name.endsWith("_UNSPECIFIED")) {
                continue;
            }
            if (!Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])")
                    .matcher(document).find()) {
                missing.add("ErrorCode." + name);
            }
        }
        assertThat(missing).as("error codes not mentioned in %s", DOCUMENT).isEmpty();
    }

    @Test
    void the_descriptors_are_read_at_all() {
        // guards the tests above against passing on an empty list
        assertThat(oneof(Uplink.getDescriptor(), "body").getFields()).hasSizeGreaterThan(20);
        assertThat(oneof(Reply.getDescriptor(), "body").getFields()).hasSizeGreaterThan(10);
        assertThat(oneof(SyncEvent.getDescriptor(), "body").getFields()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(ErrorCode.getDescriptor().getValues()).hasSizeGreaterThan(10);
    }

    private static List<String> undescribedCases(final Descriptor message, final String oneofName) {
        final List<String> missing = new ArrayList<>();
        for (final FieldDescriptor field : oneof(message, oneofName).getFields()) {
            if (!document.contains("`" + field.getName() + "`")) {
                missing.add(message.getName() + "." + oneofName + "." + field.getName());
            }
        }
        return missing;
    }

    private static OneofDescriptor oneof(final Descriptor message, final String name) {
        return message.getOneofs().stream().filter(o -> o.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(message.getFullName() + " has no oneof '" + name + "'"));
    }
}
