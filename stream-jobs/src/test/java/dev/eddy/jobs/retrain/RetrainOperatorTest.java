package dev.eddy.jobs.retrain;

import dev.eddy.jobs.runtime.PublishedVersions;
import dev.eddy.connectors.json.EventJson;
import dev.eddy.connectors.model.EmbeddingModel;
import dev.eddy.connectors.model.EmbeddingModelAssembler;
import dev.eddy.connectors.model.ModelAssembler;
import dev.eddy.connectors.model.ModelVersion;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.recsys.data.ImplicitDataset;
import dev.eddy.recsys.data.SyntheticData;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer in Flink's test harness on RocksDB (processing time is driven by the test): a checkpoint taken while
 * a retrain runs does not contain it, and a restore from that checkpoint runs the retrain again and publishes the
 * same version.
 */
class RetrainOperatorTest {
    private static final ImplicitDataset DATA = new SyntheticData(100, 60, 10, 20, 4, 4.0, 0.3).generate(5);

    private static RetrainSettings settings(int every) {
        return settings(Duration.ZERO, every);
    }

    private static RetrainSettings settings(Duration interval, int every) {
        return new RetrainSettings("recs", interval, every, 10, 100, Duration.ofDays(30), 1_000_000, "bpr", "mf",
                4, 0, 8, 128, 0.01, 3, "cpu", 0.01, 2, Duration.ZERO, "", 4096);
    }

    private static List<HistoryUpdate> updates() {
        Map<String, UserHistory> hs = new HashMap<>();
        List<HistoryUpdate> out = new ArrayList<>();
        long t = 0;
        for (int u = 0; u < DATA.numUsers(); u++) {
            for (int i : DATA.byUser().of(u)) {
                String user = "u" + u;
                UserHistory h = hs.getOrDefault(user, new UserHistory()).with("i" + i, t++, 100, Long.MAX_VALUE / 4);
                hs.put(user, h);
                out.add(new HistoryUpdate(user, h.items, h.times[0], h.newest()));
            }
        }
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, HistoryUpdate, KeyedBytes> harness(RetrainSettings s)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new RetrainOperator(s, PublishedVersions.none()), (HistoryUpdate u) -> "recs", Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /** Advances processing time until the trainer has applied a retrain's result (a version came out). */
    private static List<ModelVersion> awaitVersions(KeyedOneInputStreamOperatorTestHarness<String, HistoryUpdate, KeyedBytes> h)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long now = h.getProcessingTime();
        while (System.nanoTime() < deadline) {
            h.setProcessingTime(now += 100);
            List<ModelVersion> vs = new ArrayList<>();
            ModelAssembler a = new ModelAssembler();
            for (KeyedBytes kb : h.extractOutputValues()) a.accept(EventJson.parseModelPart(kb.value)).ifPresent(vs::add);
            if (!vs.isEmpty()) return vs;
            Thread.sleep(20);
        }
        throw new AssertionError("no version within 60 s");
    }

    @Test
    void aCheckpointDuringARetrainRestoresToTheSameRetrainRunAgain() throws Exception {
        List<HistoryUpdate> updates = updates();
        RetrainSettings s = settings(updates.size());
        OperatorSubtaskState during;
        EmbeddingModel first;
        try (var h = harness(s)) {
            h.open();
            for (HistoryUpdate u : updates) h.processElement(new StreamRecord<>(u));
            // The retrain started with the last update and runs on its own thread; the checkpoint does not wait.
            long t0 = System.nanoTime();
            h.prepareSnapshotPreBarrier(1);
            during = h.snapshot(1, h.getProcessingTime());
            h.notifyOfCompletedCheckpoint(1);
            assertThat((System.nanoTime() - t0) / 1e6).as("snapshot ms").isLessThan(5_000);
            List<ModelVersion> vs = awaitVersions(h);
            assertThat(vs).extracting(ModelVersion::version).containsExactly(1L);
            assertThat(vs.get(0).manifest().metrics().get("checkpointsDuringTraining")).isEqualTo(1.0);
            first = EmbeddingModelAssembler.assemble(vs).get("recs");
        }
        try (var h = harness(s)) {
            h.initializeState(during);
            h.open(); // no input: the restored in-flight flag alone starts the retrain again
            List<ModelVersion> vs = awaitVersions(h);
            assertThat(vs).extracting(ModelVersion::version).as("the version the checkpoint had not seen").containsExactly(1L);
            EmbeddingModel again = EmbeddingModelAssembler.assemble(vs).get("recs");
            assertThat(again.users().keySet()).containsExactlyElementsOf(first.users().keySet());
            for (String u : first.users().keySet()) assertThat(again.users().get(u)).containsExactly(first.users().get(u));
            for (String i : first.items().keySet()) assertThat(again.items().get(i)).containsExactly(first.items().get(i));
        }
    }

    @Test
    void byTimeTheRetrainWaitsForTheIntervalAfterTheFirstNewInteraction() throws Exception {
        List<HistoryUpdate> updates = updates();
        try (var h = harness(settings(Duration.ofMinutes(10), 0))) {
            h.open();
            h.setProcessingTime(1_000);
            for (HistoryUpdate u : updates) h.processElement(new StreamRecord<>(u));
            h.setProcessingTime(1_000 + Duration.ofMinutes(10).toMillis() - 1);
            // A retrain started by a timer set too early would hold the training lock within this second.
            for (int k = 0; k < 50; k++) {
                assertThat(dev.eddy.recsys.train.TrainingLock.isTraining()).as("training before the interval").isFalse();
                Thread.sleep(20);
            }
            assertThat(h.extractOutputValues()).as("nothing before the interval").isEmpty();
            h.setProcessingTime(1_000 + Duration.ofMinutes(10).toMillis());
            List<ModelVersion> vs = awaitVersions(h);
            assertThat(vs).extracting(ModelVersion::version).containsExactly(1L);
            assertThat(vs.get(0).manifest().metrics().get("interactions")).isEqualTo((double) updates.size());
        }
    }
}
