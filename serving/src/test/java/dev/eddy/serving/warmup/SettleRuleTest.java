package dev.eddy.serving.warmup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettleRuleTest {

    @Test
    void aJvmStillCompilingIsNotSettledAFlatRunIs() {
        SettleRule rule = new SettleRule(1000, 3, 0.2);
        // Interpreted, C1, then C2 landing: each round faster than the last by more than the tolerance.
        for (double median : new double[]{4000, 1500, 700, 400}) {
            rule.round(250, median);
            assertThat(rule.settled()).as("after median %s", median).isFalse();
        }
        rule.round(250, 380);
        assertThat(rule.settled()).as("700 → 400 → 380 spans more than 20 %").isFalse();
        rule.round(250, 390);
        assertThat(rule.settled()).as("400, 380, 390").isTrue();
        assertThat(rule.requests()).isEqualTo(1500);
        assertThat(rule.medians()).hasSize(6);
    }

    @Test
    void notBeforeTheMinimumNumberOfRequests() {
        SettleRule rule = new SettleRule(1000, 2, 0.2);
        rule.round(100, 50);
        rule.round(100, 50);
        assertThat(rule.settled()).isFalse();
        for (int i = 0; i < 8; i++) rule.round(100, 50);
        assertThat(rule.settled()).isTrue();
    }

    @Test
    void oneSlowRoundDelaysTheVerdictUntilItLeavesTheWindow() {
        SettleRule rule = new SettleRule(0, 3, 0.2);
        rule.round(100, 100);
        rule.round(100, 100);
        rule.round(100, 300);
        assertThat(rule.settled()).isFalse();
        rule.round(100, 100);
        rule.round(100, 105);
        assertThat(rule.settled()).isFalse();
        rule.round(100, 102);
        assertThat(rule.settled()).isTrue();
    }

    @Test
    void refusesAWindowOfOneRound() {
        assertThatThrownBy(() -> new SettleRule(0, 1, 0.2)).hasMessageContaining("window");
    }
}
