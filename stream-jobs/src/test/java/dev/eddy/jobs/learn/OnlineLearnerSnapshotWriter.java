package dev.eddy.jobs.learn;

import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.checkpoints.CheckpointFiles;
import dev.eddy.jobs.checkpoints.CheckpointFiles.WriterArgs;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.PublishedVersions;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code online-learner-<tag>.snapshot}, a checkpoint of {@link OnlineLearnerOperator} on RocksDB, and
 * {@code online-learner-<tag>.inputs.tsv}, every example it saw before the checkpoint ({@code before}) and the ones
 * {@link OnlineLearnerCheckpointCompatibilityTest} feeds after the restore ({@code after}): lines
 * {@code phase TAB model TAB base64(example JSON)}. The inputs travel with the checkpoint so that the test does not
 * depend on how today's test helpers generate examples (their JSON field order even changes from run to run, with
 * the per-JVM iteration order of {@code Map.of}). Run once by hand with the code whose state is to be kept:
 * {@code OnlineLearnerSnapshotWriter stream-jobs/src/test/resources/checkpoints/learn <short commit hash>}.
 *
 * <p>Three models, 60 seeded examples each before the checkpoint, published every 25 updates: "prod" (NeuFastCB),
 * "b" (an experiment variant, learned by the default SquareCB-linear) and "sharded" (NeuFastCB in 3 shards merging
 * every 4 examples each, so the checkpoint holds examples buffered mid-period). Each has unpublished updates at the
 * checkpoint.
 */
final class OnlineLearnerSnapshotWriter {
    static final LearnerSettings SETTINGS = new LearnerSettings(
            Map.of("prod", LearnerSpec.parse("neufastcb:width=16"),
                    "sharded", LearnerSpec.parse("neufastcb:width=16,shards=3,merge-every=4")),
            LearnerSpec.parse("squarecb-linear"), 8, List.of("user:item"), 7, 25, Duration.ZERO, 4096,
            LearnerSettings.Sessions.none(), false);
    /**
     * {@link #SETTINGS} with "b" on what the default squarecb-linear was until the normalized oracle became the
     * default: AdaGrad at 0.1 and γ = 10·sqrt(t). A model restored from a checkpoint of that time goes on so.
     */
    static final LearnerSettings EARLIER_LINEAR_DEFAULT = new LearnerSettings(SETTINGS.models(),
            LearnerSpec.parse("squarecb-linear:regression=adagrad,lr=0.1,gamma-scale=10"), 8, List.of("user:item"), 7,
            25, Duration.ZERO, 4096, LearnerSettings.Sessions.none(), false);
    private static final int BEFORE = 60;
    private static final int AFTER = 60;

    private OnlineLearnerSnapshotWriter() {}

    public static void main(String[] args) throws Exception {
        WriterArgs out = WriterArgs.parse(args, OnlineLearnerSnapshotWriter.class);
        Path snapshot = out.newFile("online-learner", "snapshot");
        Path inputs = out.newFile("online-learner", "inputs.tsv");
        List<JoinedExample> prod = LearnExamples.examples("prod", null, BEFORE + AFTER, 2);
        List<JoinedExample> b = LearnExamples.examples("prod", "b", BEFORE + AFTER, 3);
        List<JoinedExample> sharded = LearnExamples.examples("sharded", null, BEFORE + AFTER, 5);
        List<String> lines = new ArrayList<>();
        List<LearnerRecord> before = new ArrayList<>();
        for (int i = 0; i < BEFORE + AFTER; i++) {
            for (JoinedExample e : List.of(prod.get(i), b.get(i), sharded.get(i))) {
                String model = LearnerInputDeserializer.modelOf(e.decision());
                byte[] json = EventJson.write(e);
                lines.add((i < BEFORE ? "before" : "after") + "\t" + model + "\t" + Base64.getEncoder().encodeToString(json));
                if (i < BEFORE) before.add(input(json, lines.size() - 1));
            }
        }
        try (var h = harness()) {
            h.open();
            for (LearnerRecord in : before) h.processElement(new StreamRecord<>(in));
            // As the runtime does before every checkpoint: the live learners go into keyed state.
            h.prepareSnapshotPreBarrier(1);
            OperatorSubtaskState state = h.snapshot(1, 0);
            CheckpointFiles.write(state, snapshot);
        }
        CheckpointFiles.writeLines(inputs, lines);
        System.out.println("wrote " + snapshot + " and " + inputs);
    }

    /** The learner as the job runs it: keyed by model, RocksDB with full snapshots (the file holds all the state). */
    static KeyedOneInputStreamOperatorTestHarness<String, LearnerRecord, KeyedBytes> harness() throws Exception {
        return harness(SETTINGS);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, LearnerRecord, KeyedBytes> harness(LearnerSettings settings)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new OnlineLearnerOperator(settings, PublishedVersions.none()),
                (LearnerRecord r) -> r.input.model, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend(false));
        return h;
    }

    /**
     * An example as today's source emits it (the writer's own code at its tag did the same for its own input type);
     * the offset is its line in the inputs file.
     */
    static LearnerRecord input(byte[] json, long offset) {
        return new LearnerInputDeserializer(SETTINGS).read(json, "examples", 0, offset);
    }
}
