package dev.eddy.jobs.join;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.testing.TestEvents;
import dev.eddy.jobs.config.EddyKeys.RewardAggregation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The join's semantics, one operator in Flink's test harness: deterministic, no broker, no cluster. */
class DecisionRewardJoinerTest {

    private static final long T = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final long RETENTION = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<String, JoinInput, KeyedBytes> harness;

    private void open(RewardAggregation aggregation) throws Exception {
        JoinSettings settings = new JoinSettings(Duration.ofMillis(WINDOW), aggregation, -1.0,
                Duration.ofMillis(RETENTION), Duration.ZERO, Duration.ofSeconds(1));
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new DecisionRewardJoiner(settings),
                in -> in.eventId, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) harness.close();
    }

    private void decision(String id, long t) throws Exception {
        Decision d = TestEvents.decision(id, Instant.ofEpochMilli(t));
        harness.processElement(new StreamRecord<>(JoinInput.decision(id, t, EventJson.write(d), "decisions", 0, 1), t));
    }

    private void reward(String id, long t, double value) throws Exception {
        Reward r = Reward.of(id, Instant.ofEpochMilli(t), value);
        harness.processElement(new StreamRecord<>(
                JoinInput.reward(id, t, value, r.dedupKey(), EventJson.write(r), "rewards", 1, 7), t));
    }

    private List<JoinedExample> examples() throws Exception {
        List<JoinedExample> out = new ArrayList<>();
        for (KeyedBytes kb : harness.extractOutputValues()) out.add(EventJson.parseExample(kb.value));
        return out;
    }

    private List<DeadLetter> deadLetters() throws Exception {
        List<DeadLetter> out = new ArrayList<>();
        var side = harness.getSideOutput(DecisionRewardJoiner.DEAD_LETTERS);
        if (side != null) for (var r : side) out.add(EventJson.parseDeadLetter(r.getValue().value));
        return out;
    }

    @Test
    void emitsOnlyWhenTheWatermarkPassesTheWindowEnd() throws Exception {
        open(RewardAggregation.SUM);
        decision("a", T);
        reward("a", T + 3000, 1.0);
        harness.processWatermark(T + WINDOW - 1);
        assertThat(examples()).isEmpty();
        harness.processWatermark(T + WINDOW);
        assertThat(examples()).singleElement().satisfies(e -> {
            assertThat(e.reward()).isEqualTo(1.0);
            assertThat(e.rewardObserved()).isTrue();
            assertThat(e.windowEnd()).isEqualTo(Instant.ofEpochMilli(T + WINDOW));
        });
    }

    @Test
    void windowWithoutRewardGivesTheDefault() throws Exception {
        open(RewardAggregation.SUM);
        decision("a", T);
        harness.processWatermark(T + WINDOW);
        assertThat(examples()).singleElement().satisfies(e -> {
            assertThat(e.reward()).isEqualTo(-1.0);
            assertThat(e.rewardObserved()).isFalse();
            assertThat(e.rewards()).isEmpty();
        });
    }

    @Test
    void aggregatesSumMaxAndFirstByEventTime() throws Exception {
        for (var agg : RewardAggregation.values()) {
            open(agg);
            decision("a", T);
            reward("a", T + 5000, 2.0);
            reward("a", T + 1000, 0.5); // arrives second, happened first
            reward("a", T + 3000, 1.0);
            harness.processWatermark(T + WINDOW);
            double expected = switch (agg) {
                case SUM -> 3.5;
                case MAX -> 2.0;
                case FIRST -> 0.5;
            };
            assertThat(examples()).singleElement().extracting(JoinedExample::reward).as(agg.name()).isEqualTo(expected);
            harness.close();
        }
        harness = null;
    }

    @Test
    void holdsRewardsThatArriveBeforeTheirDecision() throws Exception {
        open(RewardAggregation.SUM);
        reward("a", T + 2000, 1.0);
        decision("a", T);
        harness.processWatermark(T + WINDOW);
        assertThat(examples()).singleElement().extracting(JoinedExample::reward).isEqualTo(1.0);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void redeliveredDecisionsAndRewardsCountOnce() throws Exception {
        open(RewardAggregation.SUM);
        decision("a", T);
        decision("a", T);
        reward("a", T + 1000, 1.0);
        reward("a", T + 1000, 1.0);
        harness.processWatermark(T + WINDOW);
        decision("a", T);               // redelivered after the example went out
        reward("a", T + 1000, 1.0);     // same
        harness.processWatermark(T + WINDOW + 1000);
        assertThat(examples()).singleElement().satisfies(e -> {
            assertThat(e.reward()).isEqualTo(1.0);
            assertThat(e.rewards()).hasSize(1);
        });
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void lateRewardsGoToDeadLettersOnceWithWhereTheyCameFrom() throws Exception {
        open(RewardAggregation.SUM);
        decision("a", T);
        reward("a", T + WINDOW + 1, 5.0);          // after the window, decision still pending
        harness.processWatermark(T + WINDOW);
        reward("a", T + 4000, 7.0);                 // in window by time, but the example already went out
        reward("a", T + 4000, 7.0);                 // its redelivery is a duplicate, not a second dead letter
        assertThat(examples()).singleElement().extracting(JoinedExample::rewardObserved).isEqualTo(false);
        List<DeadLetter> dead = deadLetters();
        assertThat(dead).hasSize(2).allSatisfy(d -> {
            assertThat(d.reason()).startsWith("late reward");
            assertThat(d.sourceTopic()).isEqualTo("rewards");
            assertThat(d.partition()).isEqualTo(1);
            assertThat(d.offset()).isEqualTo(7L);
        });
        assertThat(EventJson.parseReward(dead.get(0).raw()).value()).isEqualTo(5.0);
    }

    @Test
    void rewardsWithoutDecisionAreDeadLetteredAfterTheirWindowAndStateIsFreed() throws Exception {
        open(RewardAggregation.SUM);
        reward("ghost", T, 1.0);
        harness.processWatermark(T + WINDOW - 1);
        assertThat(deadLetters()).isEmpty();
        harness.processWatermark(T + WINDOW);
        assertThat(deadLetters()).singleElement().extracting(DeadLetter::reason).asString()
                .startsWith("reward without decision");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void forgetsAJoinedDecisionTheDedupRetentionAfterItsExampleWentOutInWallClockTime() throws Exception {
        open(RewardAggregation.SUM);
        harness.setStateTtlProcessingTime(1_000);
        decision("a", T);
        reward("a", T + 1000, 1.0);
        harness.processWatermark(T + WINDOW);
        assertThat(examples()).hasSize(1);
        assertThat(harness.numEventTimeTimers()).as("no timer keeps a joined decision").isZero();

        harness.setStateTtlProcessingTime(1_000 + RETENTION - 1);
        decision("a", T);                   // still remembered: a duplicate
        reward("a", T + 1000, 1.0);         // same
        harness.processWatermark(T + WINDOW + 1);
        assertThat(examples()).hasSize(1);
        assertThat(deadLetters()).isEmpty();

        harness.setStateTtlProcessingTime(1_000 + RETENTION);
        decision("a", T);                   // forgotten: joined again, as any decision that came too late
        harness.processWatermark(T + WINDOW + 2);
        assertThat(examples()).hasSize(2);
    }

    @Test
    void aLateRewardKeepsItsDecisionRememberedForAnotherRetentionSoThatItsRedeliveryIsNotADeadLetterAgain()
            throws Exception {
        open(RewardAggregation.SUM);
        decision("a", T);
        harness.processWatermark(T + WINDOW);
        harness.setStateTtlProcessingTime(RETENTION - 1);
        reward("a", T + 2000, 1.0);         // late: a dead letter, and remembered
        harness.setStateTtlProcessingTime(2 * RETENTION - 2);
        reward("a", T + 2000, 1.0);         // its redelivery: dropped
        assertThat(deadLetters()).singleElement().extracting(DeadLetter::reason).asString()
                .isEqualTo("late reward: decision a was already joined (window closed at " + (T + WINDOW) + ")");
    }

    @Test
    void aDecisionThatArrivesAfterItsWindowIsEmittedAtTheNextWatermark() throws Exception {
        open(RewardAggregation.SUM);
        harness.processWatermark(T + 5 * WINDOW);
        decision("old", T);
        harness.processWatermark(T + 5 * WINDOW + 1);
        assertThat(examples()).singleElement().extracting(e -> e.decision().eventId()).isEqualTo("old");
    }
}
