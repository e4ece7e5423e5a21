package dev.eddy.serving.http;

import dev.eddy.serving.security.RateLimit;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTest {
    @Test
    void aBucketGivesItsBurstThenRefillsAtTheRate() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        TokenBuckets b = new TokenBuckets(10, 3, now::get);
        for (int i = 0; i < 3; i++) assertThat(b.take("a")).isZero();
        // Empty: the next token comes in 1/10 s.
        assertThat(b.take("a")).isEqualTo(100_000_000L);
        assertThat(b.take("b")).as("each key its own bucket").isZero();
        now.addAndGet(50_000_000L);
        assertThat(b.take("a")).isEqualTo(50_000_000L);
        now.addAndGet(50_000_000L);
        assertThat(b.take("a")).isZero();
        // A long pause refills to the burst, not beyond.
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 3; i++) assertThat(b.take("a")).isZero();
        assertThat(b.take("a")).isPositive();
    }

    @Test
    void rateZeroIsNoLimit() {
        TokenBuckets b = new TokenBuckets(0, 1, System::nanoTime);
        assertThat(b.enabled()).isFalse();
        for (int i = 0; i < 1000; i++) assertThat(b.take("a")).isZero();
    }

    @Test
    void aKeyWithItsOwnLimitIsHeldToThatAndAReloadedLimitTakesOver() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        TokenBuckets b = new TokenBuckets(10, 3, now::get);
        RateLimit own = new RateLimit(1, 2);
        assertThat(b.take("slow", own)).isZero();
        assertThat(b.take("slow", own)).isZero();
        assertThat(b.take("slow", own)).as("its own burst of 2, its own rate of 1/s").isEqualTo(1_000_000_000L);
        assertThat(b.perSecond(own)).isEqualTo(1);
        for (int i = 0; i < 3; i++) assertThat(b.take("global")).isZero();
        assertThat(b.take("global", null)).as("no limit of its own: the global one").isEqualTo(100_000_000L);
        assertThat(b.perSecond(null)).isEqualTo(10);

        // The key file now gives "slow" 100/s, burst 5: the empty bucket refills at the new rate, up to the new burst.
        RateLimit faster = new RateLimit(100, 5);
        assertThat(b.take("slow", faster)).isEqualTo(10_000_000L);
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 5; i++) assertThat(b.take("slow", faster)).isZero();
        assertThat(b.take("slow", faster)).isPositive();
        // And back down to burst 1: what was saved up shrinks to the new burst at once.
        now.addAndGet(60_000_000_000L);
        RateLimit one = new RateLimit(1, 1);
        assertThat(b.take("slow", one)).isZero();
        assertThat(b.take("slow", one)).isPositive();
    }

    @Test
    void aKeyOfItsOwnRateZeroIsNotLimitedAndAKeyWithARateIsEvenWhereTheGlobalIsOff() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        TokenBuckets limited = new TokenBuckets(1, 1, now::get);
        for (int i = 0; i < 1000; i++) assertThat(limited.take("trusted", new RateLimit(0, 0))).isZero();
        TokenBuckets off = new TokenBuckets(0, 1, now::get);
        assertThat(off.take("capped", new RateLimit(1, 1))).isZero();
        assertThat(off.take("capped", new RateLimit(1, 1))).isPositive();
        assertThat(off.take("other")).isZero();
    }
}
