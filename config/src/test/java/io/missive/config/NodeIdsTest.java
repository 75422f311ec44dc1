package io.missive.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeIdsTest {

    @TempDir
    Path folder;

    @Test
    void generated_ids_are_valid_and_distinct() {
        final Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            final String id = NodeIds.generate();
            assertThat(id).matches("n-[a-z2-7]{10}");
            assertThat(NodeIds.valid(id)).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(1_000);
    }

    @Test
    void an_id_is_letters_digits_dashes_and_underscores() {
        assertThat(NodeIds.valid("node-1")).isTrue();
        assertThat(NodeIds.valid("A_b-9")).isTrue();
        assertThat(NodeIds.valid("x".repeat(40))).isTrue();
        assertThat(NodeIds.valid("")).isFalse();
        assertThat(NodeIds.valid("x".repeat(41))).isFalse();
        assertThat(NodeIds.valid("a.b")).isFalse();
        assertThat(NodeIds.valid("a{b}")).isFalse();
        assertThat(NodeIds.valid("a:b")).isFalse();
        assertThat(NodeIds.valid("a b")).isFalse();
        assertThat(Checks.nodeId("a.b")).contains("letters, digits");
        assertThat(Setting.CLUSTER_NODE_ID.problem("")).isNull();
        assertThat(Setting.CLUSTER_NODE_ID.problem("bad.id")).isNotNull();
    }

    @Test
    void a_generated_id_is_kept_and_a_configured_one_wins() {
        final String first = NodeIds.resolve("", folder);
        assertThat(folder.resolve(NodeIds.FILE)).exists();
        assertThat(NodeIds.resolve("", folder)).isEqualTo(first);
        assertThat(NodeIds.resolve("edge-7", folder)).isEqualTo("edge-7");
        assertThat(NodeIds.resolve("", folder)).as("the kept one is untouched").isEqualTo(first);
    }

    @Test
    void a_file_that_holds_no_id_is_refused() throws IOException {
        Files.writeString(folder.resolve(NodeIds.FILE), "not an id\n");
        assertThatThrownBy(() -> NodeIds.resolve("", folder)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold a node id");
    }
}
