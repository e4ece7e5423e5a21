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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes {@code session-learner-<tag>.snapshot}, a checkpoint of {@link SessionLearnerOperator} on RocksDB, and
 * {@code session-learner-<tag>.inputs.tsv}, the sessions it learned before the checkpoint ({@code before}) and those
 * {@link SessionLearnerCheckpointCompatibilityTest} feeds after the restore ({@code after}): lines
 * {@code phase TAB model TAB sessionId TAB base64(example JSON),...}. Run once by hand with the code whose state is
 * to be kept: {@code SessionLearnerSnapshotWriter stream-jobs/src/test/resources/checkpoints/learn <short commit hash>}.
 *
 * <p>Model "journey", FTRL log-barrier updating every 4 episodes, horizon 3 (the fourth step of each seeded
 * 4-step session is cut off), published every 4 sessions: 9 sessions before the checkpoint (versions 1 and 2, one
 * episode buffered and unpublished), 8 after.
 */
final class SessionLearnerSnapshotWriter {
    static final LearnerSpec FTRL = new LearnerSpec("ftrl-logbarrier", Map.of("batch", "4"));
    static final LearnerSettings SETTINGS = new LearnerSettings(Map.of(), null, 8, List.of("page:item"), 7, 4,
            Duration.ZERO, 4096, new LearnerSettings.Sessions(Map.of("journey", FTRL), Duration.ofMinutes(5), 3, 4,
            1000, Duration.ZERO, Duration.ofSeconds(30)), false);
    private static final int BEFORE = 9;
    private static final int AFTER = 8;

    private SessionLearnerSnapshotWriter() {}

    public static void main(String[] args) throws Exception {
        WriterArgs out = WriterArgs.parse(args, SessionLearnerSnapshotWriter.class);
        Path snapshot = out.newFile("session-learner", "snapshot");
        Path inputs = out.newFile("session-learner", "inputs.tsv");
        List<String> lines = new ArrayList<>();
        List<SessionExamples> before = new ArrayList<>();
        List<List<JoinedExample>> sessions = LearnExamples.sessions("journey", BEFORE + AFTER, 4, 31);
        for (int i = 0; i < sessions.size(); i++) {
            byte[][] jsons = sessions.get(i).stream().map(EventJson::write).toArray(byte[][]::new);
            String sessionId = sessions.get(i).get(0).decision().sessionId();
            lines.add((i < BEFORE ? "before" : "after") + "\tjourney\t" + sessionId + "\t"
                    + Arrays.stream(jsons).map(Base64.getEncoder()::encodeToString).collect(Collectors.joining(",")));
            if (i < BEFORE) before.add(input("journey", sessionId, jsons, i));
        }
        try (var h = harness()) {
            h.open();
            for (SessionExamples s : before) h.processElement(new StreamRecord<>(s));
            // As the runtime does before every checkpoint: the live policies go into keyed state.
            h.prepareSnapshotPreBarrier(1);
            OperatorSubtaskState state = h.snapshot(1, 0);
            CheckpointFiles.write(state, snapshot);
        }
        CheckpointFiles.writeLines(inputs, lines);
        System.out.println("wrote " + snapshot + " and " + inputs);
    }

    /** The session learner as the job runs it: keyed by model, RocksDB with full snapshots. */
    static KeyedOneInputStreamOperatorTestHarness<String, SessionExamples, KeyedBytes> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new SessionLearnerOperator(SETTINGS, PublishedVersions.none()),
                (SessionExamples s) -> s.model, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend(false));
        return h;
    }

    /** A finished session as the session assembler emits it; the offset is its line in the inputs file. */
    static SessionExamples input(String model, String sessionId, byte[][] examples, long offset) {
        SessionExamples s = new SessionExamples();
        s.model = model;
        s.sessionId = sessionId;
        s.examples = examples;
        s.topic = "examples";
        s.offset = offset;
        return s;
    }
}
