package io.missive.broker.request;

import io.missive.broker.config.RateLimitSettings;
import io.missive.broker.store.Workers;
import io.missive.protocol.v1.ContactTarget;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.GetUnread;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncAck;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Workers workers = new Workers();
    private final Identity phone = new Identity("ann", "ann-phone");
    private final Identity laptop = new Identity("ann", "ann-laptop");
    private static final Uplink UNREAD = Uplink.newBuilder().setGetUnread(GetUnread.getDefaultInstance()).build();
    private static final Uplink HISTORY = Uplink.newBuilder().setHistory(HistoryRequest.getDefaultInstance()).build();

    @AfterEach
    void close() {
        workers.close();
    }

    private RateLimits limits(final RateLimitSettings settings) {
        return new RateLimits(settings, workers, now::get);
    }

    private void advanceMs(final long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    private static Uplink send(final String clientMsgId) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId(clientMsgId)).build();
    }

    private static Uplink sendTo(final String userId, final String clientMsgId) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId(clientMsgId).setToUserId(userId))
                .build();
    }

    private static Uplink requestContact(final String userId) {
        return Uplink.newBuilder().setRequestContact(ContactTarget.newBuilder().setUserId(userId)).build();
    }

    /** Lookups only: 60 a minute (one a second), a burst of {@code burst}. */
    private RateLimits lookupLimits(final int burst) {
        return limits(new RateLimitSettings(0, 1, 0, 1, 60, burst, 0, 1, java.util.Set.of()));
    }

    private static long refusedFor(final RateLimits limits, final Identity who, final Uplink uplink) {
        final long[] wait = new long[1];
        assertThatThrownBy(() -> limits.admit(who, uplink)).isInstanceOfSatisfying(RequestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.ackReasonCode().name()).isEqualTo("QUOTA_EXCEEDED");
            wait[0] = e.retryAfterMs();
        });
        return wait[0];
    }

    @Test
    void a_burst_passes_then_sends_are_refused_with_the_time_until_the_next_token() {
        final RateLimits limits = limits(new RateLimitSettings(4, 3, 0, 1));
        for (int i = 0; i < 3; i++) {
            limits.admit(phone, send("m" + i));
        }

        assertThat(refusedFor(limits, phone, send("m3"))).isEqualTo(250); // one token every 250 ms at 4/s
        advanceMs(249);
        assertThat(refusedFor(limits, phone, send("m3"))).isEqualTo(1);
        advanceMs(1);
        limits.admit(phone, send("m3"));
    }

    @Test
    void after_a_refusal_later_sends_of_the_device_wait_until_the_refused_one_comes_again() {
        final RateLimits limits = limits(new RateLimitSettings(10, 1, 0, 1));
        limits.admit(phone, send("m0"));
        refusedFor(limits, phone, send("m1"));

        advanceMs(100); // a token is there, but m2 may not overtake m1
        refusedFor(limits, phone, send("m2"));
        limits.admit(phone, send("m1"));
        advanceMs(100);
        limits.admit(phone, send("m2"));
        // another device is not held back
        limits.admit(laptop, send("x0"));
    }

    @Test
    void a_refused_send_that_never_comes_again_holds_the_others_back_for_a_while_only() {
        final RateLimits limits = limits(new RateLimitSettings(10, 1, 0, 1));
        limits.admit(phone, send("m0"));
        refusedFor(limits, phone, send("given-up"));

        advanceMs(RateLimits.HOLD_MS - 1);
        refusedFor(limits, phone, send("m2"));
        advanceMs(1);
        limits.admit(phone, send("m2"));
    }

    @Test
    void each_device_has_its_own_buckets_and_other_requests_their_own() {
        final RateLimits limits = limits(new RateLimitSettings(1, 1, 1, 2));
        limits.admit(phone, send("m0"));
        refusedFor(limits, phone, send("m1"));

        limits.admit(laptop, send("x0"));
        limits.admit(phone, UNREAD);
        limits.admit(phone, HISTORY);
        refusedFor(limits, phone, UNREAD);
        // acknowledgements are never refused
        limits.admit(phone, Uplink.newBuilder().setSyncAck(SyncAck.getDefaultInstance()).build());
    }

    @Test
    void a_rate_of_zero_is_no_limit_and_keeps_no_state() {
        final RateLimits limits = limits(RateLimitSettings.OFF);
        for (int i = 0; i < 10_000; i++) {
            limits.admit(phone, send("m" + i));
            limits.admit(phone, HISTORY);
        }
        assertThat(limits.buckets()).isZero();
    }

    @Test
    void buckets_that_filled_up_again_and_expired_holds_are_dropped() {
        final RateLimits limits = limits(new RateLimitSettings(10, 1, 10, 10));
        limits.admit(phone, send("m0"));
        refusedFor(limits, phone, send("m1")); // a bucket and a hold
        limits.admit(laptop, UNREAD);

        advanceMs(RateLimits.HOLD_MS);
        limits.sweep();

        assertThat(limits.buckets()).isZero();
    }

    @Test
    void requests_naming_other_users_share_one_bucket_per_user_across_devices() {
        final RateLimits limits = lookupLimits(2);
        limits.admit(phone, requestContact("bob"));
        limits.admit(laptop, requestContact("cy"));

        assertThat(refusedFor(limits, laptop, requestContact("dan"))).isEqualTo(1_000); // one a second at 60 a minute
        assertThat(refusedFor(limits, phone, requestContact("dan"))).isEqualTo(1_000);
        // requests that name nobody else, and other users, are not held back
        limits.admit(phone, UNREAD);
        limits.admit(new Identity("bob", "bob-phone"), requestContact("ann"));
        advanceMs(1_000);
        limits.admit(phone, requestContact("dan"));
    }

    @Test
    void every_request_that_names_other_users_takes_a_lookup() {
        final RateLimits limits = lookupLimits(RateLimits.LOOKUPS.size());
        for (final Uplink.BodyCase request : RateLimits.LOOKUPS) {
            limits.admit(phone, lookup(request));
        }
        for (final Uplink.BodyCase request : RateLimits.LOOKUPS) {
            refusedFor(limits, phone, lookup(request));
        }
    }

    /** An uplink of the case, with its default body (the limit looks at the case only). */
    private static Uplink lookup(final Uplink.BodyCase request) {
        final com.google.protobuf.Descriptors.FieldDescriptor field =
                Uplink.getDescriptor().findFieldByNumber(request.getNumber());
        return Uplink.newBuilder().setField(field, Uplink.newBuilder().getFieldBuilder(field).build()).build();
    }

    @Test
    void a_send_naming_an_unknown_user_costs_a_lookup_and_none_left_holds_back_sends_by_user_id() {
        final RateLimits limits = lookupLimits(1);
        limits.admit(phone, sendTo("nobody", "m0")); // sends by user id take no lookup by themselves
        limits.admit(phone, sendTo("bob", "m1"));
        limits.unknownUserNamed(phone); // m0 was answered NOT_FOUND

        assertThat(refusedFor(limits, phone, sendTo("bob", "m2"))).isEqualTo(1_000);
        // m2 keeps its place: the device's later sends wait for it
        refusedFor(limits, phone, send("m3"));
        // sends by conversation id of the user's other devices are not held back
        limits.admit(laptop, send("x0"));
        advanceMs(1_000);
        limits.admit(phone, sendTo("bob", "m2"));
        limits.admit(phone, send("m3"));
    }

    @Test
    void a_send_refused_busy_holds_back_the_devices_later_sends_until_it_comes_again() {
        final RateLimits limits = limits(RateLimitSettings.OFF);
        limits.admit(phone, send("m1"));
        limits.sendRefusedBusy(phone, "m1", 500); // the handler found the store behind

        assertThatThrownBy(() -> limits.admit(phone, send("m2"))).isInstanceOfSatisfying(RequestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BUSY);
            assertThat(e.retryAfterMs()).isEqualTo(500);
        });
        limits.admit(laptop, send("x1"));
        limits.admit(phone, send("m1"));
        limits.admit(phone, send("m2"));
    }
}
