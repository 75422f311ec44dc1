package io.missive.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/operations.md's configuration table lists exactly the keys of {@link Setting}, with their defaults. */
class OperationsDocTest {

    /** A row of the table: | `key` | `default` or (empty) | ... */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\| (?:`([^`]*)`|\\(empty\\)) \\|.*$",
            Pattern.MULTILINE);

    @Test
    void the_configuration_table_lists_every_key_with_its_default() throws IOException {
        final String whole = Files.readString(Path.of("..", "docs", "operations.md"), StandardCharsets.UTF_8);
        final int start = whole.indexOf("\n## Configure\n");
        assertThat(start).as("the section ## Configure").isNotNegative();
        final int end = whole.indexOf("\n## ", start + 1);
        final String doc = whole.substring(start, end < 0 ? whole.length() : end);
        final Map<String, String> documented = new LinkedHashMap<>();
        final Matcher row = ROW.matcher(doc);
        while (row.find()) {
            documented.put(row.group(1), row.group(2) == null ? "" : row.group(2));
        }
        final Map<String, String> table = new LinkedHashMap<>();
        Arrays.stream(Setting.values()).forEach(s -> table.put(s.key(), s.defaultValue()));

        assertThat(documented).containsExactlyEntriesOf(table);
    }
}
