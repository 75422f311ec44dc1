package io.missive.sdk.internal;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncPage;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyncCodecTest {

    @Test
    void sync_request_and_ack_carry_the_versions() {
        final Uplink sync = SyncCodec.syncRequest(41, 200);
        final Uplink ack = SyncCodec.syncAck(77);

        assertThat(sync.getSync().getAfterVersion()).isEqualTo(41);
        assertThat(sync.getSync().getLimit()).isEqualTo(200);
        assertThat(ack.getSyncAck().getVersion()).isEqualTo(77);
    }

    @Test
    void too_far_behind_becomes_its_own_failure_with_the_latest_version() {
        final Reply reply = Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.TOO_FAR_BEHIND).setLatestVersion(9_000)).build();

        assertThatThrownBy(() -> SyncCodec.toSyncPage(reply))
                .isInstanceOfSatisfying(StreamTooFarBehind.class, e -> {
                    assertThat(e.latestVersion()).isEqualTo(9_000);
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_FAR_BEHIND);
                });
    }

    @Test
    void a_sync_page_reply_is_the_page_and_other_errors_keep_their_code() {
        final SyncPage page = SyncPage.newBuilder().setHasMore(true).setLatestVersion(3).build();

        assertThat(SyncCodec.toSyncPage(Reply.newBuilder().setSync(page).build())).isEqualTo(page);
        assertThatThrownBy(() -> SyncCodec.toSyncPage(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.UNKNOWN_REQUEST)).build()))
                .isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_REQUEST));
    }
}
