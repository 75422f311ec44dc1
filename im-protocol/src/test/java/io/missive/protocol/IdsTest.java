package io.missive.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    @Test
    void a_group_id_is_derived_from_creator_and_request_and_is_well_formed() {
        final String id = Ids.groupConversation("alice", "req-1");
        assertThat(id).matches("g:[a-z2-7]{26}");
        assertThat(Ids.isGroupConversation(id)).isTrue();
        assertThat(Ids.groupConversation("alice", "req-1")).isEqualTo(id);
        assertThat(Ids.groupConversation("alice", "req-2")).isNotEqualTo(id);
        assertThat(Ids.groupConversation("bob", "req-1")).isNotEqualTo(id);
        // the separator keeps ("al", "ice...") apart from ("alice", ...)
        assertThat(Ids.groupConversation("al", "icereq-1")).isNotEqualTo(Ids.groupConversation("alice", "req-1"));
    }

    @Test
    void only_well_formed_group_ids_are_groups() {
        assertThat(Ids.isGroupConversation("dm:a:b")).isFalse();
        assertThat(Ids.isGroupConversation("g:short")).isFalse();
        assertThat(Ids.isGroupConversation("g:ABCDEFGHIJKLMNOPQRSTUVWXYZ")).isFalse();
        assertThat(Ids.isGroupConversation(null)).isFalse();
    }

    @Test
    void a_device_id_is_never_empty_and_never_one_a_broker_assigns() {
        assertThat(Ids.isValidDeviceId("alice-phone")).isTrue();
        assertThat(Ids.isValidDeviceId("hmq-phone")).isTrue();
        assertThat(Ids.isValidDeviceId("")).isFalse();
        assertThat(Ids.isValidDeviceId(null)).isFalse();
        assertThat(Ids.isValidDeviceId("hmq_Ab3xZ_0_0123456789abcdef0123456789abcdef")).isFalse();
        assertThat(Ids.isValidDeviceId("a".repeat(64))).isTrue();
        assertThat(Ids.isValidDeviceId("a".repeat(65))).isFalse();
        assertThat(Ids.isValidDeviceId("-phone")).isFalse();
    }
}
