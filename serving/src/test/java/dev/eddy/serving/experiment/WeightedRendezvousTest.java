package dev.eddy.serving.experiment;

import static dev.eddy.serving.experiment.WeightedRendezvous.unitDraw;
import static dev.eddy.serving.experiment.WeightedRendezvous.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WeightedRendezvousTest {

    /**
     * Pinned draws: if these change, every running experiment reshuffles its users on the next deploy. Change them
     * only on purpose (and with new salts).
     */
    @Test
    void drawsArePinned() {
        assertThat(unitDraw(utf8("hf1"), utf8("user-1"), utf8("control"))).isEqualTo(PINNED_1);
        assertThat(unitDraw(utf8("hf1"), utf8("user-1"), utf8("neucb"))).isEqualTo(PINNED_2);
    }

    @Test
    void lengthPrefixesKeepPartsApart() {
        assertThat(unitDraw(utf8("ab"), utf8("c"), utf8("v"))).isNotEqualTo(unitDraw(utf8("a"), utf8("bc"), utf8("v")));
        assertThat(unitDraw(utf8("s"), utf8("ab"), utf8("c"))).isNotEqualTo(unitDraw(utf8("s"), utf8("a"), utf8("bc")));
    }

    @Test
    void drawsAreStrictlyInsideTheUnitIntervalAndUniform() {
        int n = 100_000;
        int[] deciles = new int[10];
        for (int i = 0; i < n; i++) {
            double u = unitDraw(utf8("salt"), utf8("user-" + i), utf8("v"));
            assertThat(u).isGreaterThan(0).isLessThan(1);
            deciles[(int) (u * 10)]++;
        }
        for (int count : deciles) {
            // Expected 10,000 per decile, sd about 95.
            assertThat(count).isBetween(9_600, 10_400);
        }
    }

    private static final double PINNED_1 = 0.1948310441389754;
    private static final double PINNED_2 = 0.39225028741762674;
}
