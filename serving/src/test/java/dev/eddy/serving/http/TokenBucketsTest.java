package dev.eddy.serving.http;

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
}
