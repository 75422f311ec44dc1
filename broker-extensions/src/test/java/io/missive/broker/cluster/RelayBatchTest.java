package io.missive.broker.cluster;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayBatchTest {

    @Test
    void a_batch_survives_encoding_in_order() {
        final List<RelayBatch.Item> items = new ArrayList<>();
        items.add(new RelayBatch.Item("im/u/alice", "first".getBytes(StandardCharsets.UTF_8)));
        items.add(new RelayBatch.Item("im/u/bob", new byte[0]));
        items.add(new RelayBatch.Item("im/u/zoë", new byte[70_000]));
        items.get(2).payload()[69_999] = 42;

        final RelayBatch decoded = RelayBatch.decode(new RelayBatch("n-abcdefghij", items).encode());

        assertThat(decoded.origin()).isEqualTo("n-abcdefghij");
        assertThat(decoded.items()).hasSize(3);
        for (int i = 0; i < items.size(); i++) {
            assertThat(decoded.items().get(i).topic()).isEqualTo(items.get(i).topic());
            assertThat(Arrays.equals(decoded.items().get(i).payload(), items.get(i).payload())).isTrue();
        }
    }

    @Test
    void an_empty_batch_survives_encoding() {
        assertThat(RelayBatch.decode(new RelayBatch("n", List.of()).encode()).items()).isEmpty();
    }

    @Test
    void bytes_that_are_no_batch_are_refused() {
        final byte[] good = new RelayBatch("n", List.of(new RelayBatch.Item("im/u/a", new byte[]{1, 2, 3})))
                .encode();
        assertThatThrownBy(() -> RelayBatch.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayBatch.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        final byte[] otherFormat = good.clone();
        otherFormat[0] = 9;
        assertThatThrownBy(() -> RelayBatch.decode(otherFormat)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayBatch.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
