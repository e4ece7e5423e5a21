package dev.eddy.tools.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FreshnessTest {

    @Test
    void aRewardIsFreshWhenTheFirstVersionCoveringItsExamplePositionIsSeen() {
        // Topic order differs from production order: c was joined before b.
        List<String> order = List.of("a", "c", "b", "d", "e");
        List<Freshness.SeenVersion> versions = List.of(
                new Freshness.SeenVersion(1, 2, 1_500),   // a, c
                new Freshness.SeenVersion(2, 4, 2_600),   // + b, d
                new Freshness.SeenVersion(2, 4, 2_900));  // seen again after a restore: the first sighting counts
        Map<String, Long> rewards = Map.of("a", 1_000L, "b", 1_100L, "c", 1_200L, "d", 2_000L, "e", 2_100L, "x", 0L);
        Freshness.Result r = Freshness.of(rewards, order, versions);
        // a: 500, c: 300, b: 1500, d: 600; e (position 5) and x (never joined) are not covered.
        assertThat(r.latenciesMs()).containsExactly(300, 500, 600, 1_500);
        assertThat(r.uncovered()).isEqualTo(2);
        assertThat(r.median()).isEqualTo(500);
        assertThat(r.percentile(0.99)).isEqualTo(1_500);
        assertThat(r.percentile(0.25)).isEqualTo(300);
    }

    @Test
    void nothingScoredHasNoMedian() {
        assertThat(Freshness.of(Map.of(), List.of(), List.of()).median()).isNaN();
    }
}
