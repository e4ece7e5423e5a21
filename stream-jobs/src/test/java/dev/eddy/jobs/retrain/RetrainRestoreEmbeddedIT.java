package dev.eddy.jobs.retrain;

import dev.eddy.events.event.Interaction;
import dev.eddy.events.testing.TestEvents;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.testing.TestKafkaExtension;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.jobs.runtime.RetrainKafka;
import dev.eddy.recsys.data.ImplicitDataset;
import dev.eddy.recsys.data.SyntheticData;
import dev.eddy.recsys.lifecycle.TrainingSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retrain job's fault tolerance end to end on the in-process broker and a MiniCluster with RocksDB: a version
 * published, the job cancelled, restored from its retained checkpoint, and then started once more without any
 * checkpoint. Small on purpose (240 users, dim 16, 6 epochs): three trainings in well under a minute.
 */
class RetrainRestoreEmbeddedIT {
    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final ImplicitDataset PLANTED = new SyntheticData(240, 150, 12, 20, 4, 4.0, 0.3).generate(31);

    @TempDir
    Path tmp;

    private EddyConfig config(String group, int everyInteractions) {
        Map<String, String> v = RetrainTraffic.smallJobSettings(KAFKA.get().bootstrapServers(), group, "restore", tmp,
                everyInteractions);
        v.put("retrain.fold-in-interval", "300ms");
        return RetrainTraffic.config(v);
    }

    private static JobClient start(EddyConfig c, Path restoreFrom) throws Exception {
        if (restoreFrom != null) c.set("job.restore-from", restoreFrom.toUri().toString());
        StreamExecutionEnvironment env = FlinkRuntime.environment(c, FlinkRuntime.Target.LOCAL);
        RetrainJob.build(env, c, RetrainKafka.inputs(c), RetrainKafka.outputs(c));
        return env.executeAsync(RetrainJob.NAME);
    }

    private static List<Interaction> interactions(int from, int to, long t) {
        return RetrainTraffic.interactions(PLANTED, T0, from, to, t);
    }

    private static void send(EddyConfig c, List<Interaction> interactions) {
        RetrainTraffic.send(c, interactions);
    }

    private static List<ModelVersion> versionsUntil(EddyConfig c, Predicate<List<ModelVersion>> done) {
        List<ModelVersion> vs = RetrainTraffic.versionsUntil(c, done, Duration.ofSeconds(40));
        assertThat(done).as("versions read: %s", vs.stream().map(ModelVersion::version).toList()).accepts(vs);
        return vs;
    }

    private static boolean retrain(ModelVersion v) {
        return "retrain".equals(v.manifest().params().get("kind"));
    }

    @Test
    void aRestoredTrainerContinuesItsVersionsOnItsRestoredStateAndAFreshOneContinuesAboveThem() throws Exception {
        List<Interaction> first = interactions(0, 120, 0);
        EddyConfig c = config("retrain-restore", first.size());
        RetrainSettings settings = RetrainSettings.from(c);

        // Run 1: version 1, then cancel. Its commit means a checkpoint completed after it: every retained
        // checkpoint from then on holds version 1 as the current and published version.
        JobClient job = start(c, null);
        send(c, first);
        ModelVersion v1 = versionsUntil(c, vs -> !vs.isEmpty()).get(0);
        assertThat(v1.version()).isEqualTo(1);
        FlinkRuntime.cancelAndWait(job);
        Path checkpoint = latestCheckpoint(tmp.resolve("checkpoints"), job.getJobID().toHexString());

        // While it is down: new users, and repeats of old users' items later in time (at least as many changes again).
        List<Interaction> second = new ArrayList<>(interactions(120, 240, first.size()));
        long t = first.size() + second.size();
        for (int k = 0; second.size() < first.size(); k++) {
            Interaction again = first.get(k);
            second.add(TestEvents.click(T0.plusSeconds(t++), again.userId(), again.itemId()));
        }
        send(c, second);

        // Run 2: restored from the checkpoint, retraining once all of them are in (every one changes a history; the
        // schedule is configuration, not state, so it may change across a restore).
        EddyConfig restored = config("retrain-restore", second.size());
        job = start(restored, checkpoint);
        List<ModelVersion> all;
        try {
            all = versionsUntil(c, vs -> vs.stream().filter(RetrainRestoreEmbeddedIT::retrain).count() >= 2);
        } finally {
            FlinkRuntime.cancelAndWait(job);
        }
        // Versions go on 1, 2, 3, ... in topic order, and every one after the first is a delta on the one before:
        // the restored published tables are the base (a lost state would start over with a full version).
        assertThat(all).extracting(ModelVersion::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, all.size()).boxed().toList());
        for (ModelVersion v : all.subList(1, all.size())) {
            assertThat(EmbeddingRows.baseVersion(v)).as("base of version %d", v.version()).isEqualTo(v.version() - 1);
        }
        ModelVersion retrained = all.stream().filter(RetrainRestoreEmbeddedIT::retrain).skip(1).findFirst().orElseThrow();
        // The gate compared it with the restored published version (a trainer without it accepts unmeasured).
        assertThat(retrained.manifest().metrics()).containsKey("published.recall@20");
        // No interaction lost, none counted twice: the window it trained on is exactly the one all interactions sent
        // make, in the order sent (restored users from the checkpoint, the rest from the restored offsets).
        List<Interaction> sent = new ArrayList<>(first);
        sent.addAll(second);
        TrainingSet expected = RetrainJobEmbeddedIT.windowOf(sent, settings);
        assertThat(retrained.manifest().metrics().get("interactions")).isEqualTo((double) expected.window().interactions());
        assertThat(retrained.manifest().metrics().get("holdoutUsers")).isEqualTo((double) expected.holdoutUsers());
        assertThat(retrained.manifest().params().get("dataFrom")).isEqualTo(expected.window().from().toString());
        assertThat(retrained.manifest().params().get("dataTo")).isEqualTo(expected.window().to().toString());
        long lastOfRestored = all.get(all.size() - 1).version();

        // Run 3: no checkpoint and a new consumer group (a redeploy from scratch): it reads every interaction again,
        // retrains, and publishes a full version above everything published so far.
        EddyConfig fresh = config("retrain-fresh", first.size());
        job = start(fresh, null);
        try {
            List<ModelVersion> after = versionsUntil(c, vs -> vs.stream().anyMatch(v -> v.version() > lastOfRestored));
            ModelVersion next = after.stream().filter(v -> v.version() > lastOfRestored).findFirst().orElseThrow();
            assertThat(next.version()).isEqualTo(lastOfRestored + 1);
            assertThat(retrain(next)).isTrue();
            assertThat(EmbeddingRows.baseVersion(next)).as("a new lineage starts with a full version").isZero();
            assertThat(next.manifest().metrics()).doesNotContainKey("published.recall@20");
        } finally {
            FlinkRuntime.cancelAndWait(job);
        }
    }

    private static Path latestCheckpoint(Path root, String jobId) throws Exception {
        try (Stream<Path> dirs = Files.list(root.resolve(jobId))) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no completed checkpoint under " + root.resolve(jobId)));
        }
    }
}
