package dev.eddy.serving.results;

import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.json.EventJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What each record of the experiments topic does to the store: bad ones are counted and skipped, never thrown. */
class ResultsIntakeTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void readOutsAreStoredBadRecordsCountedAndSkippedAndATombstoneForgets() {
        ResultsStore store = new ResultsStore(720);
        ResultsIntake intake = new ResultsIntake(store);
        SimulatedExperiment home = SimulatedExperiment.threeArms("home", T0, 1);
        ExperimentResults first = home.next(600);
        intake.accept("home", EventJson.write(first), "eddy.experiments-0/0");
        for (byte[] bad : List.of(bytes("not json"), bytes("{}"), bytes("null"), new byte[0],
                // Valid JSON of the wrong shape: the control is not one of the variants.
                bytes(EventJson.writeString(first).replace("\"control\":\"uniform\"", "\"control\":\"nobody\"")))) {
            intake.accept("home", bad, "eddy.experiments-0/1");
        }
        ExperimentResults second = home.next(600);
        intake.accept("home", EventJson.write(second), "eddy.experiments-0/6");

        assertThat(intake.readOuts()).isEqualTo(2);
        assertThat(intake.unreadable()).isEqualTo(5);
        ResultsStore.Snapshot s = store.get("home").orElseThrow();
        assertThat(s.latest()).isEqualTo(second);
        assertThat(s.history()).containsExactly(first, second);
        assertThat(s.readOuts()).isEqualTo(2);

        intake.accept("home", null, "eddy.experiments-0/7");
        assertThat(store.get("home")).isEmpty();
        // A tombstone without a key has nothing to forget.
        intake.accept(null, null, "eddy.experiments-0/8");
        assertThat(intake.unreadable()).isEqualTo(5);
    }

    @Test
    void eachExperimentKeepsItsOwnBoundedHistory() {
        ResultsStore store = new ResultsStore(8);
        ResultsIntake intake = new ResultsIntake(store);
        SimulatedExperiment a = SimulatedExperiment.threeArms("a", T0, 2);
        SimulatedExperiment b = SimulatedExperiment.threeArms("b", T0, 3);
        ExperimentResults lastA = null;
        for (int i = 0; i < 50; i++) {
            lastA = a.next(300);
            intake.accept("a", EventJson.write(lastA), "p/" + i);
            if (i % 10 == 0) intake.accept("b", EventJson.write(b.next(300)), "p/" + i);
        }
        ResultsStore.Snapshot sa = store.get("a").orElseThrow();
        assertThat(sa.history()).hasSizeLessThanOrEqualTo(8).last().isEqualTo(lastA);
        assertThat(sa.history().get(0).dataUntil()).isEqualTo(T0.plusSeconds(5));
        assertThat(sa.readOuts()).isEqualTo(50);
        assertThat(store.get("b").orElseThrow().history()).hasSize(5);
        assertThat(store.experiments()).isEqualTo(2);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
