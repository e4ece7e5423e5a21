package dev.eddy.jobs.join;

import dev.eddy.events.testing.TestEvents;

import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.checkpoints.CheckpointFiles;
import dev.eddy.jobs.checkpoints.CheckpointFiles.WriterArgs;
import dev.eddy.jobs.config.EddyKeys.RewardAggregation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes {@code join-<tag>.snapshot}: a checkpoint of the join (DecisionRewardJoiner in its keyed process operator,
 * on RocksDB with its timers in RocksDB as in production) for {@link JoinCheckpointCompatibilityTest}. Deterministic:
 * fixed event times, no randomness. Run once by hand with the code whose state is to be kept:
 * {@code JoinSnapshotWriter stream-jobs/src/test/resources/checkpoints/join <short commit hash>}.
 *
 * <p>At the checkpoint (watermark T + 5 s, window 10 s, SUM): decision "d" already joined (only its reward key is
 * remembered: up to 7cb23ed in state join until event time T + 65 s, from 5901616 in state join-joined for 60 s of
 * the harness's TTL clock, which stands at 0); decision "a" with reward 1.0 attached, window open until T + 10 s; decision "b" without
 * reward, open until T + 12 s; a reward of 0.5 for "c" held before its decision.
 */
final class JoinSnapshotWriter {
    static final long T = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long WINDOW = 10_000;
    static final long RETENTION = 60_000;
    static final JoinSettings SETTINGS = new JoinSettings(Duration.ofMillis(WINDOW), RewardAggregation.SUM, -1.0,
            Duration.ofMillis(RETENTION), Duration.ZERO, Duration.ofSeconds(1));

    private JoinSnapshotWriter() {}

    public static void main(String[] args) throws Exception {
        WriterArgs out = WriterArgs.parse(args, JoinSnapshotWriter.class);
        Path file = out.newFile("join", "snapshot");
        try (var h = harness()) {
            h.open();
            decision(h, "d", T - 5_000);
            reward(h, "d", T - 4_000, 2.0);
            h.processWatermark(T + 5_000);
            decision(h, "a", T);
            reward(h, "a", T + 1_000, 1.0);
            decision(h, "b", T + 2_000);
            reward(h, "c", T + 3_000, 0.5);
            // Only "d" may have gone out: otherwise this is not the state the test expects.
            var emitted = h.extractOutputValues();
            if (emitted.size() != 1 || !"d".equals(emitted.get(0).key)) {
                throw new IllegalStateException("expected only d joined before the checkpoint, got " + emitted.size());
            }
            h.prepareSnapshotPreBarrier(1);
            OperatorSubtaskState state = h.snapshot(1, 0);
            CheckpointFiles.write(state, file);
        }
        System.out.println("wrote " + file);
    }

    /** The join as the job runs it: keyed by eventId, RocksDB with full snapshots (the file holds all the state). */
    static KeyedOneInputStreamOperatorTestHarness<String, JoinInput, KeyedBytes> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DecisionRewardJoiner(SETTINGS)),
                (JoinInput in) -> in.eventId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend(false));
        return h;
    }

    static void decision(KeyedOneInputStreamOperatorTestHarness<String, JoinInput, KeyedBytes> h, String id, long t)
            throws Exception {
        byte[] json = EventJson.write(TestEvents.decision(id, Instant.ofEpochMilli(t)));
        h.processElement(new StreamRecord<>(JoinInput.decision(id, t, json, "decisions", 0, 1), t));
    }

    static void reward(KeyedOneInputStreamOperatorTestHarness<String, JoinInput, KeyedBytes> h, String id, long t,
                       double value) throws Exception {
        Reward r = Reward.of(id, Instant.ofEpochMilli(t), value);
        h.processElement(new StreamRecord<>(
                JoinInput.reward(id, t, value, r.dedupKey(), EventJson.write(r), "rewards", 1, 7), t));
    }
}
