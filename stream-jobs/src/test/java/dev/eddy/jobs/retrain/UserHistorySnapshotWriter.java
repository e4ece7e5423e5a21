package dev.eddy.jobs.retrain;

import dev.eddy.jobs.checkpoints.CheckpointFiles;
import dev.eddy.jobs.checkpoints.CheckpointFiles.WriterArgs;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Writes {@code user-history-<tag>.snapshot}: a checkpoint of the retrain job's per-user histories
 * ({@link UserHistoryFunction} in its keyed process operator, on RocksDB) for
 * {@link UserHistoryCheckpointCompatibilityTest}. Run once by hand with the code whose state is to be kept:
 * {@code UserHistorySnapshotWriter stream-jobs/src/test/resources/checkpoints/retrain <short commit hash>}.
 *
 * <p>Histories of at most 3 items, none older than 10 days before the user's newest; at the checkpoint u1 holds
 * [b, c, d] (a pushed out by the size bound), u2 [x, y], u3 [p].
 */
final class UserHistorySnapshotWriter {
    static final long T = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;
    static final RetrainSettings SETTINGS = RetrainSettings.from(EddyConfig.of(Map.of(
            "kafka.bootstrap-servers", "127.0.0.1:1",
            "retrain.history-max-items", "3",
            "retrain.history-max-age", "10d"), EddyKeys.all()));

    private UserHistorySnapshotWriter() {}

    public static void main(String[] args) throws Exception {
        WriterArgs out = WriterArgs.parse(args, UserHistorySnapshotWriter.class);
        Path file = out.newFile("user-history", "snapshot");
        try (var h = harness()) {
            h.open();
            interaction(h, "u1", "a", T);
            interaction(h, "u1", "b", T + DAY);
            interaction(h, "u1", "c", T + 2 * DAY);
            interaction(h, "u1", "d", T + 3 * DAY);
            interaction(h, "u2", "x", T + 5 * DAY);
            interaction(h, "u2", "y", T + 6 * DAY);
            interaction(h, "u3", "p", T + 20 * DAY);
            if (h.extractOutputValues().size() != 7) throw new IllegalStateException("expected 7 history updates");
            h.prepareSnapshotPreBarrier(1);
            OperatorSubtaskState state = h.snapshot(1, 0);
            CheckpointFiles.write(state, file);
        }
        System.out.println("wrote " + file);
    }

    /** The histories as the job keeps them: keyed by user, RocksDB with full snapshots. */
    static KeyedOneInputStreamOperatorTestHarness<String, InteractionInput, HistoryUpdate> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new UserHistoryFunction(SETTINGS)),
                (InteractionInput in) -> in.userId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend(false));
        return h;
    }

    static void interaction(KeyedOneInputStreamOperatorTestHarness<String, InteractionInput, HistoryUpdate> h,
                            String user, String item, long t) throws Exception {
        h.processElement(new StreamRecord<>(InteractionInput.of(user, item, t)));
    }
}
