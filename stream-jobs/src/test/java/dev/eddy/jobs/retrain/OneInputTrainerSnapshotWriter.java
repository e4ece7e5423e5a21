package dev.eddy.jobs.retrain;

import dev.eddy.connectors.json.EventJson;
import dev.eddy.connectors.model.ModelAssembler;
import dev.eddy.connectors.model.ModelVersion;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.PublishedVersions;
import dev.eddy.recsys.data.ImplicitDataset;
import dev.eddy.recsys.data.SyntheticData;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a checkpoint of the one-input trainer (before the control input existed) with two accepted versions, and
 * the model records it published, as test resources for the restore test of the two-input trainer. Run once, by
 * hand, on the commit before the trainer got its second input:
 * {@code -Dtest=OneInputTrainerSnapshotWriter -Deddy.write-trainer-snapshot=DIR}.
 */
class OneInputTrainerSnapshotWriter {
    private static final ImplicitDataset DATA = new SyntheticData(100, 60, 10, 20, 4, 4.0, 0.3).generate(5);

    @Test
    @EnabledIfSystemProperty(named = "eddy.write-trainer-snapshot", matches = ".+")
    void write() throws Exception {
        Path dir = Path.of(System.getProperty("eddy.write-trainer-snapshot"));
        Files.createDirectories(dir);
        List<HistoryUpdate> updates = updates();
        // Retrain after every pass over the data; a gate that accepts anything, so that both retrains are kept.
        RetrainSettings s = new RetrainSettings("recs", Duration.ZERO, updates.size(), 10, 100, Duration.ofDays(30),
                1_000_000, "bpr", "mf", 4, 0, 8, 128, 0.01, 3, "cpu", 1.0, 2, Duration.ZERO, "", 4096);
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new RetrainOperator(s, PublishedVersions.none()),
                (HistoryUpdate u) -> "recs", Types.STRING)) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend(false));
            h.open();
            for (HistoryUpdate u : updates) h.processElement(new StreamRecord<>(u));
            awaitVersions(h, 1);
            for (HistoryUpdate u : updates) h.processElement(new StreamRecord<>(u));
            awaitVersions(h, 2);
            h.prepareSnapshotPreBarrier(1);
            OperatorSubtaskState state = h.snapshot(1, h.getProcessingTime());
            OperatorSnapshotUtil.writeStateHandle(state, dir.resolve("one-input-trainer.snapshot").toString());
            List<String> lines = new ArrayList<>();
            for (KeyedBytes kb : h.extractOutputValues()) {
                lines.add(kb.key + "\t" + Base64.getEncoder().encodeToString(kb.value));
            }
            Files.write(dir.resolve("one-input-trainer.models.tsv"), lines, StandardCharsets.UTF_8);
        }
    }

    private static void awaitVersions(KeyedOneInputStreamOperatorTestHarness<String, HistoryUpdate, KeyedBytes> h, int n)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long now = h.getProcessingTime();
        while (System.nanoTime() < deadline) {
            h.setProcessingTime(now += 100);
            List<ModelVersion> vs = new ArrayList<>();
            ModelAssembler a = new ModelAssembler();
            for (KeyedBytes kb : h.extractOutputValues()) a.accept(EventJson.parseModelPart(kb.value)).ifPresent(vs::add);
            if (vs.size() >= n) return;
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + n + " versions within 120 s");
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
}
