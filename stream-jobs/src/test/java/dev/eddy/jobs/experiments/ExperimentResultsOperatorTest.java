package dev.eddy.jobs.experiments;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.experiment.ExperimentsConfigReader;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.join.KeyedBytes;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.eddy.jobs.experiments.ExperimentTraffic.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The per-experiment stage alone: when read-outs are written, the final one at the end or at a stopped start. */
class ExperimentResultsOperatorTest {

    private static ExperimentsSettings settings(String yaml) {
        return ExperimentsSettings.of(ExperimentsConfigReader.parse(yaml, "test.yaml"),
                EddyConfig.of(Map.of("experiments.emit-every", "5s", "join.window", "10s"), EddyKeys.all()));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, StatsDelta, KeyedBytes> harness(ExperimentsSettings s)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new ExperimentResultsOperator(s),
                (StatsDelta d) -> d.experimentId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /** A user joining a variant: their own cell and one reward-rate cell. */
    private static void user(KeyedOneInputStreamOperatorTestHarness<String, StatsDelta, KeyedBytes> h, String variant,
                             double reward, long time) throws Exception {
        h.processElement(new StreamRecord<>(new StatsDelta("shelf", variant, StatsDelta.VARIANT, StatsDelta.ALL,
                CellStats.variantUser(1)), time));
        h.processElement(new StreamRecord<>(new StatsDelta("shelf", variant, "reward-rate", StatsDelta.ALL,
                CellStats.user(reward, 1, 0)), time));
    }

    private static List<ExperimentResults> readOuts(KeyedOneInputStreamOperatorTestHarness<String, StatsDelta, KeyedBytes> h)
            throws Exception {
        List<ExperimentResults> out = new ArrayList<>();
        for (KeyedBytes kb : h.extractOutputValues()) out.add(EventJson.parseExperimentResults(kb.value));
        return out;
    }

    private static long at(long seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    @Test
    void readOutsCountWhatCameUpToTheirStepAndTheLastComesAtTheEndPlusTheWindow() throws Exception {
        ExperimentsSettings s = settings(ExperimentTraffic.SHELF);
        try (var h = harness(s)) {
            h.open();
            user(h, "control", 1, at(1));
            user(h, "treatment", 0, at(4));
            user(h, "treatment", 1, at(6)); // the step at 10 s
            h.processWatermark(new Watermark(at(7)));
            List<ExperimentResults> first = readOuts(h);
            assertThat(first).singleElement().satisfies(r -> {
                assertThat(r.dataUntil()).isEqualTo(Instant.ofEpochMilli(at(5)));
                assertThat(r.variants()).extracting(ExperimentResults.VariantCount::users).containsExactly(1L, 1L);
            });
            h.processWatermark(new Watermark(at(3600 + 10)));
            List<ExperimentResults> all = readOuts(h);
            assertThat(all).extracting(ExperimentResults::dataUntil).containsExactly(Instant.ofEpochMilli(at(5)),
                    Instant.ofEpochMilli(at(10)), Instant.parse("2026-01-01T01:00:10Z"));
            assertThat(all.get(1).variants()).extracting(ExperimentResults.VariantCount::users).containsExactly(1L, 2L);
            assertThat(all.get(2).ended()).isTrue();
            user(h, "control", 1, at(3600 + 20));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(readOuts(h)).as("nothing after the final read-out").hasSize(3);
        }
    }

    @Test
    void aStoppedExperimentGetsItsFinalReadOutWhenTheJobStartsWithTheStoppedFile() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = harness(settings(ExperimentTraffic.SHELF))) {
            h.open();
            user(h, "control", 1, at(1));
            h.processWatermark(new Watermark(at(6)));
            user(h, "treatment", 1, at(8)); // waits for the step at 10 s
            checkpoint = h.snapshot(1, 1);
            assertThat(readOuts(h)).hasSize(1);
        }
        try (var h = harness(settings(ExperimentTraffic.SHELF.replace("status: running", "status: stopped")))) {
            h.initializeState(checkpoint);
            h.open();
            h.setProcessingTime(1);
            assertThat(readOuts(h)).singleElement().satisfies(r -> {
                assertThat(r.ended()).isTrue();
                assertThat(r.dataUntil()).as("the last step with data").isEqualTo(Instant.ofEpochMilli(at(10)));
                assertThat(r.variants()).extracting(ExperimentResults.VariantCount::users).containsExactly(1L, 1L);
            });
            user(h, "control", 1, at(12));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            h.setProcessingTime(2);
            assertThat(readOuts(h)).hasSize(1);
        }
    }
}
