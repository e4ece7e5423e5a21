package dev.eddy.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PerRequestRandomTest {

    /** The demo's 0.5 % malformed requests: seeding Random with seed * c + n directly gave none at all for seed 2. */
    @Test
    void consecutiveRequestsDrawRareEventsAtTheirRate() {
        for (long seed = 1; seed <= 5; seed++) {
            int rare = 0;
            int n = 40_000;
            for (long i = 1; i <= n; i++) {
                if (PerRequestRandom.of(seed, 0, i).nextDouble() < 0.005) rare++;
            }
            // Binomial(40,000, 0.005): mean 200, sd 14.
            assertThat(rare).as("seed %d", seed).isBetween(140, 260);
        }
    }

    @Test
    void aRequestsDrawsDependOnlyOnSeedStreamAndNumber() {
        assertThat(PerRequestRandom.of(7, 1, 42).nextLong()).isEqualTo(PerRequestRandom.of(7, 1, 42).nextLong());
        assertThat(PerRequestRandom.of(7, 1, 42).nextLong()).isNotEqualTo(PerRequestRandom.of(7, 0, 42).nextLong());
        assertThat(PerRequestRandom.of(7, 1, 42).nextLong()).isNotEqualTo(PerRequestRandom.of(8, 1, 42).nextLong());
    }
}
