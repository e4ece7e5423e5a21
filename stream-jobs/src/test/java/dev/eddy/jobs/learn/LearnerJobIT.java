package dev.eddy.jobs.learn;

import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.model.ModelAssembler;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.BoundedJobs;
import dev.eddy.jobs.runtime.CollectingSink;
import dev.eddy.jobs.runtime.PublishedVersions;
import dev.eddy.jobs.runtime.RecordSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The learner job's logic on a Flink MiniCluster without a broker: joined examples as JSON bytes from a bounded
 * source (through the job's own deserializer), model versions and dead letters into collecting sinks. The
 * production path (Kafka source, exactly-once sinks, versions read back from the topic, restore) is
 * {@link LearnerJobEmbeddedIT}'s.
 */
class LearnerJobIT {
    private static final String EXAMPLES = "examples";

    @TempDir
    Path tmp;

    private EddyConfig config() {
        Map<String, String> v = new HashMap<>();
        v.put("checkpoint.dir", tmp.toUri().toString());
        v.put("checkpoint.interval", "500ms");
        // One source subtask: the model learns its examples in the order they are listed.
        v.put("job.parallelism", "1");
        v.put("learner.models", "prod=neufastcb:width=16");
        v.put("learner.default", "none");
        v.put("learner.hashing-bits", "8");
        v.put("learner.hashing-crosses", "user:item");
        v.put("learner.seed", "7");
        v.put("learner.block-bytes", "4096");
        // Publishing by count only: a processing-time timer would not fire once the input has ended.
        v.put("learner.publish-every-updates", "100");
        v.put("learner.publish-interval", "0s");
        return EddyConfig.of(v, EddyKeys.all());
    }

    @Test
    void examplesBecomeVersionsAboveThosePublishedAndUnreadableOnesDeadLetters() throws Exception {
        List<JoinedExample> examples = LearnExamples.examples("prod", null, 300, 11);
        RecordSource.Log log = new RecordSource.Log();
        for (JoinedExample e : examples.subList(0, 150)) log.append(EXAMPLES, EventJson.write(e));
        RecordSource.Record malformed = log.append(EXAMPLES, "{not json".getBytes(StandardCharsets.UTF_8));
        for (JoinedExample e : examples.subList(150, examples.size())) log.append(EXAMPLES, EventJson.write(e));
        // What the models output already holds: version 41 of prod, from an earlier run.
        PublishedVersions published = () -> Map.of("prod", 41L);

        EddyConfig c = config();
        StreamExecutionEnvironment env = BoundedJobs.environment(c);
        try (CollectingSink models = new CollectingSink(); CollectingSink dead = new CollectingSink()) {
            LearnerJob.build(env, c, new LearnerJob.Inputs(RecordSource.of(log.records(), new LearnerInputDeserializer(LearnerSettings.from(c)))),
                    new LearnerJob.Outputs(models, published, dead));
            BoundedJobs.run(env, LearnerJob.NAME, Duration.ofMinutes(2));

            ModelAssembler assembler = new ModelAssembler();
            List<ModelVersion> versions = new ArrayList<>();
            for (KeyedBytes r : models.records()) assembler.accept(EventJson.parseModelPart(r.value)).ifPresent(versions::add);
            assertThat(assembler.rejected()).isEmpty();
            assertThat(versions).extracting(ModelVersion::model).containsOnly("prod");
            assertThat(versions).as("a fresh model continues above the published versions")
                    .extracting(ModelVersion::version).containsExactly(42L, 43L);
            for (ModelVersion v : versions) {
                long updates = Math.round(v.manifest().metrics().get("updates"));
                assertThat(updates).as("version %d", v.version()).isEqualTo(100L * (v.version() - 41));
                assertThat(v.blocks()).as("chunked at 4096 bytes").hasSizeGreaterThan(1);
                List<JoinedExample> prefix = new ArrayList<>();
                for (JoinedExample e : examples) {
                    if (LearnExamples.learnable(prefix) == updates) break;
                    prefix.add(e);
                }
                LearnerSpec spec = new LearnerSpec("neufastcb", Map.of("width", "16"));
                assertThat(OpaqueBlocks.payload(v)).as("version %d: the learner after its first %d updates", v.version(), updates)
                        .isEqualTo(LearnExamples.reference(spec.learner(), spec.params(),
                                BanditModelSpec.fromManifest(v.manifest()).hashing(), 7, prefix).snapshot());
            }

            assertThat(dead.records()).singleElement().satisfies(r -> {
                DeadLetter dl = EventJson.parseDeadLetter(r.value);
                assertThat(dl.reason()).contains("malformed JSON");
                assertThat(dl.stage()).isEqualTo("learn/parse-example");
                assertThat(dl.sourceTopic()).isEqualTo(EXAMPLES);
                assertThat(dl.offset()).isEqualTo(malformed.offset());
                assertThat(dl.raw()).isEqualTo(malformed.value());
            });
        }
    }
}
