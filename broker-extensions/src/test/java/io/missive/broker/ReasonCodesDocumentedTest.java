package io.missive.broker;

import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.pubcomp.PubcompReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.pubrel.PubrelReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.packets.unsuback.UnsubackReasonCode;
import io.missive.broker.request.RequestException;
import io.missive.protocol.v1.ErrorCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every MQTT reason code the server can send must be listed in the "Reason codes" section of
 * docs/protocol.md, under the heading of its packet, on a line (a table row) with its value as
 * {@code 0xNN} and its name. The codes are found where they are decided:
 * <ul>
 *   <li>every use of a HiveMQ reason-code enum ({@code AckReasonCode.X}, {@code ConnackReasonCode.X},
 *       ...) in the main sources of this module and of im-server;</li>
 *   <li>the PUBACK code of every {@link ErrorCode}, as {@link RequestException} maps it (the row must
 *       also name the error code);</li>
 *   <li>the codes HiveMQ itself sends because of the broker configuration Missive ships (maximum
 *       packet size, no empty client ids, the Receive Maximum, one connection per client id, keep
 *       alive).</li>
 * </ul>
 * The SDK's enums do not expose their numeric values, so {@link #CODES} holds the MQTT 5 values.
 */
class ReasonCodesDocumentedTest {

    private static final Path DOCUMENT = Path.of("..", "docs", "protocol.md");
    private static final String SECTION = "## Reason codes";
    private static final List<Path> SOURCES = List.of(
            Path.of("src", "main", "java"),
            Path.of("..", "im-server", "src", "main", "java"));
    /** The broker configurations Missive ships: im-server writes one, the deployment mounts the other. */
    private static final List<Path> BROKER_CONFIGURATIONS = List.of(
            Path.of("..", "im-server", "src", "main", "java", "io", "missive", "server", "broker",
                    "BrokerConfigFile.java"),
            Path.of("..", "deploy", "hivemq", "config.xml"));

    private static final Pattern USE = Pattern.compile(
            "\\b(AckReasonCode|ConnackReasonCode|DisconnectReasonCode|SubackReasonCode|UnsubackReasonCode"
                    + "|PubrelReasonCode|PubcompReasonCode)\\.([A-Z][A-Z0-9_]*)\\b");

    /** Per SDK enum: the packet whose subsection lists it, and the MQTT 5 value of each constant. */
    private static final Map<String, Table> CODES = Map.of(
            "AckReasonCode", new Table(AckReasonCode.class, "PUBACK", codes(
                    "SUCCESS", 0x00, "NO_MATCHING_SUBSCRIBERS", 0x10, "UNSPECIFIED_ERROR", 0x80,
                    "IMPLEMENTATION_SPECIFIC_ERROR", 0x83, "NOT_AUTHORIZED", 0x87, "TOPIC_NAME_INVALID", 0x90,
                    "PACKET_IDENTIFIER_IN_USE", 0x91, "QUOTA_EXCEEDED", 0x97, "PAYLOAD_FORMAT_INVALID", 0x99)),
            "ConnackReasonCode", new Table(ConnackReasonCode.class, "CONNACK", codes(
                    "SUCCESS", 0x00, "UNSPECIFIED_ERROR", 0x80, "MALFORMED_PACKET", 0x81, "PROTOCOL_ERROR", 0x82,
                    "IMPLEMENTATION_SPECIFIC_ERROR", 0x83, "UNSUPPORTED_PROTOCOL_VERSION", 0x84,
                    "CLIENT_IDENTIFIER_NOT_VALID", 0x85, "BAD_USER_NAME_OR_PASSWORD", 0x86, "NOT_AUTHORIZED", 0x87,
                    "SERVER_UNAVAILABLE", 0x88, "SERVER_BUSY", 0x89, "BANNED", 0x8A,
                    "BAD_AUTHENTICATION_METHOD", 0x8C, "TOPIC_NAME_INVALID", 0x90, "PACKET_TOO_LARGE", 0x95,
                    "QUOTA_EXCEEDED", 0x97, "PAYLOAD_FORMAT_INVALID", 0x99, "RETAIN_NOT_SUPPORTED", 0x9A,
                    "QOS_NOT_SUPPORTED", 0x9B, "USE_ANOTHER_SERVER", 0x9C, "SERVER_MOVED", 0x9D,
                    "CONNECTION_RATE_EXCEEDED", 0x9F)),
            "DisconnectReasonCode", new Table(DisconnectReasonCode.class, "DISCONNECT", codes(
                    "NORMAL_DISCONNECTION", 0x00, "DISCONNECT_WITH_WILL_MESSAGE", 0x04, "UNSPECIFIED_ERROR", 0x80,
                    "MALFORMED_PACKET", 0x81, "PROTOCOL_ERROR", 0x82, "IMPLEMENTATION_SPECIFIC_ERROR", 0x83,
                    "NOT_AUTHORIZED", 0x87, "SERVER_BUSY", 0x89, "SERVER_SHUTTING_DOWN", 0x8B,
                    "BAD_AUTHENTICATION_METHOD", 0x8C, "KEEP_ALIVE_TIMEOUT", 0x8D, "SESSION_TAKEN_OVER", 0x8E,
                    "TOPIC_FILTER_INVALID", 0x8F, "TOPIC_NAME_INVALID", 0x90, "RECEIVE_MAXIMUM_EXCEEDED", 0x93,
                    "TOPIC_ALIAS_INVALID", 0x94, "PACKET_TOO_LARGE", 0x95, "MESSAGE_RATE_TOO_HIGH", 0x96,
                    "QUOTA_EXCEEDED", 0x97, "ADMINISTRATIVE_ACTION", 0x98, "PAYLOAD_FORMAT_INVALID", 0x99,
                    "RETAIN_NOT_SUPPORTED", 0x9A, "QOS_NOT_SUPPORTED", 0x9B, "USE_ANOTHER_SERVER", 0x9C,
                    "SERVER_MOVED", 0x9D, "SHARED_SUBSCRIPTION_NOT_SUPPORTED", 0x9E,
                    "CONNECTION_RATE_EXCEEDED", 0x9F, "MAXIMUM_CONNECT_TIME", 0xA0,
                    "SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED", 0xA1, "WILDCARD_SUBSCRIPTION_NOT_SUPPORTED", 0xA2)),
            "SubackReasonCode", new Table(SubackReasonCode.class, "SUBACK", codes(
                    "GRANTED_QOS_0", 0x00, "GRANTED_QOS_1", 0x01, "GRANTED_QOS_2", 0x02, "UNSPECIFIED_ERROR", 0x80,
                    "IMPLEMENTATION_SPECIFIC_ERROR", 0x83, "NOT_AUTHORIZED", 0x87, "TOPIC_FILTER_INVALID", 0x8F,
                    "PACKET_IDENTIFIER_IN_USE", 0x91, "QUOTA_EXCEEDED", 0x97,
                    "SHARED_SUBSCRIPTION_NOT_SUPPORTED", 0x9E, "SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED", 0xA1,
                    "WILDCARD_SUBSCRIPTION_NOT_SUPPORTED", 0xA2)),
            "UnsubackReasonCode", new Table(UnsubackReasonCode.class, "UNSUBACK", codes(
                    "SUCCESS", 0x00, "NO_SUBSCRIPTIONS_EXISTED", 0x11, "UNSPECIFIED_ERROR", 0x80,
                    "IMPLEMENTATION_SPECIFIC_ERROR", 0x83, "NOT_AUTHORIZED", 0x87, "TOPIC_FILTER_INVALID", 0x8F,
                    "PACKET_IDENTIFIER_IN_USE", 0x91)),
            "PubrelReasonCode", new Table(PubrelReasonCode.class, "PUBREL", codes(
                    "SUCCESS", 0x00, "PACKET_IDENTIFIER_NOT_FOUND", 0x92)),
            "PubcompReasonCode", new Table(PubcompReasonCode.class, "PUBCOMP", codes(
                    "SUCCESS", 0x00, "PACKET_IDENTIFIER_NOT_FOUND", 0x92)));

    private static Map<String, List<String>> subsections;

    @BeforeAll
    static void readDocument() throws IOException {
        assertThat(DOCUMENT).as("the protocol page %s (from %s)", DOCUMENT, Path.of("").toAbsolutePath())
                .isRegularFile();
        subsections = subsections(Files.readAllLines(DOCUMENT, StandardCharsets.UTF_8));
    }

    @Test
    void every_reason_code_the_sources_set_is_listed() {
        final Map<Code, String> used = codesUsedInSources();
        assertThat(used).as("reason-code uses found in %s", SOURCES).hasSizeGreaterThanOrEqualTo(10);
        final List<String> missing = new ArrayList<>();
        used.forEach((code, where) -> {
            if (!listed(code, List.of())) {
                missing.add(code + " (used at " + where + ")");
            }
        });
        assertThat(missing).as("reason codes the server sends but the '%s' section of %s does not list "
                + "under their packet as `0xNN` with their name", SECTION, DOCUMENT).isEmpty();
    }

    @Test
    void every_error_code_is_listed_with_its_puback_code() {
        final List<String> missing = new ArrayList<>();
        for (final ErrorCode error : ErrorCode.values()) {
            if (error == ErrorCode.UNRECOGNIZED || error.name().endsWith("_UNSPECIFIED")) {
                continue;
            }
            final Code code = new Code("AckReasonCode",
                    new RequestException(error, "documentation check").ackReasonCode().name());
            if (!listed(code, List.of(error.name()))) {
                missing.add(error.name() + " → " + code);
            }
        }
        assertThat(missing).as("error codes whose PUBACK row (`0xNN`, reason name and error code on one line) "
                + "is missing from the '%s' section of %s", SECTION, DOCUMENT).isEmpty();
    }

    @Test
    void the_codes_hivemq_sends_because_of_missives_broker_configuration_are_listed() {
        final List<Code> expected = new ArrayList<>(List.of(
                // HiveMQ always enforces a Receive Maximum (Missive keeps its default, 10)
                new Code("DisconnectReasonCode", "RECEIVE_MAXIMUM_EXCEEDED"),
                // one connection per client id, i.e. per device
                new Code("DisconnectReasonCode", "SESSION_TAKEN_OVER"),
                new Code("DisconnectReasonCode", "KEEP_ALIVE_TIMEOUT")));
        for (final Path configuration : BROKER_CONFIGURATIONS) {
            final String text = read(configuration);
            if (text.contains("<max-packet-size>")) {
                expected.add(new Code("ConnackReasonCode", "PACKET_TOO_LARGE"));
                expected.add(new Code("DisconnectReasonCode", "PACKET_TOO_LARGE"));
            }
            if (text.contains("<allow-empty-client-id>")) {
                expected.add(new Code("ConnackReasonCode", "CLIENT_IDENTIFIER_NOT_VALID"));
            }
        }
        assertThat(expected).as("codes expected from %s", BROKER_CONFIGURATIONS).hasSizeGreaterThan(3);
        assertThat(expected.stream().filter(code -> !listed(code, List.of())).map(Code::toString).distinct())
                .as("codes HiveMQ sends because of the broker configuration, missing from the '%s' section of %s",
                        SECTION, DOCUMENT)
                .isEmpty();
    }

    @Test
    void the_table_of_values_names_real_constants() {
        final List<String> unknown = new ArrayList<>();
        CODES.forEach((type, table) -> table.codes.keySet().forEach(name -> {
            if (Stream.of(table.type.getEnumConstants()).noneMatch(c -> c.name().equals(name))) {
                unknown.add(type + "." + name);
            }
        }));
        assertThat(unknown).as("names in this test's table that the HiveMQ SDK does not have").isEmpty();
    }

    /** Whether the packet's subsection has a line with the code's value, its name and every extra word. */
    private static boolean listed(final Code code, final List<String> extraWords) {
        final Table table = table(code);
        final Integer value = table.codes.get(code.constant);
        if (value == null) {
            throw new AssertionError(code + " has no MQTT 5 value in this test's table: add it to CODES");
        }
        final String hex = String.format(Locale.ROOT, "0x%02x", value);
        final String name = code.constant.toLowerCase(Locale.ROOT).replace('_', ' ');
        for (final Map.Entry<String, List<String>> subsection : subsections.entrySet()) {
            if (!Pattern.compile("\\b" + table.packet + "\\b").matcher(subsection.getKey()).find()) {
                continue;
            }
            for (final String line : subsection.getValue()) {
                final String normalized = " " + line.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ") + " ";
                if (line.toLowerCase(Locale.ROOT).contains(hex) && normalized.contains(" " + name + " ")
                        && extraWords.stream().allMatch(word -> containsWord(line, word))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean containsWord(final String line, final String word) {
        return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(word) + "(?![A-Za-z0-9_])").matcher(line).find();
    }

    private static Table table(final Code code) {
        final Table table = CODES.get(code.type);
        if (table == null) {
            throw new AssertionError("no table for " + code.type + ": add it to CODES");
        }
        return table;
    }

    /** Every use of a reason-code enum constant in the main sources, with where it was first seen. */
    private static Map<Code, String> codesUsedInSources() {
        final Map<Code, String> used = new LinkedHashMap<>();
        for (final Path root : SOURCES) {
            assertThat(root).as("source folder %s (from %s)", root, Path.of("").toAbsolutePath()).isDirectory();
            final List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            for (final Path file : files) {
                final List<String> lines = readLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    final Matcher use = USE.matcher(lines.get(i));
                    while (use.find()) {
                        used.putIfAbsent(new Code(use.group(1), use.group(2)), file + ":" + (i + 1));
                    }
                }
            }
        }
        return used;
    }

    /** The "### ..." subsections of the reason-code section: heading → lines. */
    private static Map<String, List<String>> subsections(final List<String> lines) {
        final int start = lines.indexOf(SECTION);
        assertThat(start).as("a line '%s' in %s", SECTION, DOCUMENT).isNotNegative();
        final Map<String, List<String>> result = new LinkedHashMap<>();
        List<String> current = null;
        for (int i = start + 1; i < lines.size(); i++) {
            final String line = lines.get(i);
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("### ")) {
                current = new ArrayList<>();
                result.put(line, current);
            } else if (current != null) {
                current.add(line);
            }
        }
        assertThat(result).as("subsections (### CONNACK, ### PUBACK, ...) of '%s' in %s", SECTION, DOCUMENT)
                .isNotEmpty();
        return result;
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readLines(final Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Integer> codes(final Object... nameValuePairs) {
        final Map<String, Integer> codes = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            codes.put((String) nameValuePairs[i], (Integer) nameValuePairs[i + 1]);
        }
        return codes;
    }

    /** One SDK enum: the packet it is sent in, and the value of each constant. */
    private static final class Table {
        private final Class<? extends Enum<?>> type;
        private final String packet;
        private final Map<String, Integer> codes;

        private Table(final Class<? extends Enum<?>> type, final String packet, final Map<String, Integer> codes) {
            this.type = type;
            this.packet = packet;
            this.codes = codes;
        }
    }

    /** A constant of a reason-code enum, e.g. AckReasonCode.QUOTA_EXCEEDED. */
    private static final class Code {
        private final String type;
        private final String constant;

        private Code(final String type, final String constant) {
            this.type = type;
            this.constant = constant;
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Code && ((Code) o).type.equals(type) && ((Code) o).constant.equals(constant);
        }

        @Override
        public int hashCode() {
            return type.hashCode() * 31 + constant.hashCode();
        }

        @Override
        public String toString() {
            final Table table = CODES.get(type);
            final Integer value = table == null ? null : table.codes.get(constant);
            return (table == null ? "?" : table.packet) + " "
                    + (value == null ? "0x??" : String.format(Locale.ROOT, "0x%02X", value)) + " "
                    + constant.toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + type + "." + constant + ")";
        }
    }
}
