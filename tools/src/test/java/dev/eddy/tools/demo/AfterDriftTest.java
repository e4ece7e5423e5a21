package dev.eddy.tools.demo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The per-drift figure: each variant's click rate in the span after each drift, and the summary's lines. */
class AfterDriftTest {

    @Test
    void countsOnlyTheSpanAfterEachDrift() {
        AfterDrift a = new AfterDrift(60_000, 30_000);
        a.add("neucb", 59_999, true);          // before the first drift
        a.add("neucb", 60_000, true);
        a.add("neucb", 75_000, false);
        a.add("uniform", 89_999, true);
        a.add("uniform", 90_000, true);        // after the span
        a.add("uniform", 121_000, false);      // drift 2
        List<AfterDrift.Window> w = a.windows(125_000);
        assertThat(w).hasSize(2);
        AfterDrift.Window first = w.get(0);
        assertThat(first.drift()).isEqualTo(1);
        assertThat(first.startMs()).isEqualTo(60_000);
        assertThat(first.observedMs()).isEqualTo(30_000);
        assertThat(first.byVariant().get("neucb")).isEqualTo(new AfterDrift.Count(2, 1));
        assertThat(first.byVariant().get("uniform")).isEqualTo(new AfterDrift.Count(1, 1));
        assertThat(first.byVariant().get("neucb").rate()).isCloseTo(0.5, within(1e-12));
        // Slices of 10 s: 60.000 and 75.000 fall in the first and the second, 89.999 in the third.
        assertThat(first.slices().get(0).get("neucb")).isEqualTo(new AfterDrift.Count(1, 1));
        assertThat(first.slices().get(1).get("neucb")).isEqualTo(new AfterDrift.Count(1, 0));
        assertThat(first.slices().get(2).get("uniform")).isEqualTo(new AfterDrift.Count(1, 1));
        assertThat(first.slices().get(2).get("neucb")).isEqualTo(new AfterDrift.Count(0, 0));
        assertThat(w.get(1).observedMs()).isEqualTo(5_000);
    }

    @Test
    void linesCompareTheVariantWithTheControlAndNameAWindowCutShort() {
        AfterDrift a = new AfterDrift(60_000, 30_000);
        for (int i = 0; i < 100; i++) {
            a.add("neucb", 60_000 + i, i < 30);
            a.add("uniform", 60_000 + i, i < 20);
            // The last 10 s: neucb below uniform there, which the span's mean hides.
            a.add("neucb", 85_000 + i, i < 10);
            a.add("uniform", 85_000 + i, i < 20);
        }
        a.add("neucb", 120_500, true);
        List<String> lines = AfterDrift.lines(a.windows(121_000), "neucb", "uniform", 30_000);
        assertThat(lines).containsExactly(
                "drift 1 at 60 s: neucb 0.200 vs uniform 0.200 (+0 %) in the 30 s after (200 and 200 requests); "
                        + "by 10 s: 0.300/0.200, -/-, 0.100/0.200",
                "drift 2 at 120 s: the run ended 1 s after it");
    }

    @Test
    void noDriftsNoWindows() {
        AfterDrift a = new AfterDrift(0, 30_000);
        a.add("neucb", 90_000, true);
        assertThat(a.windows(100_000)).isEmpty();
    }
}
