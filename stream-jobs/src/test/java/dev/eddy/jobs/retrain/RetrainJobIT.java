package dev.eddy.jobs.retrain;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.event.ControlCommand;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.json.EventJson;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retrain job's inputs and dead letters on a Flink MiniCluster without a broker: interactions and control
 * commands as JSON bytes from bounded sources (through the job's own deserializers), into collecting sinks. Too few
 * interactions for a retrain: training, publishing and restore are the broker-based ITs' ({@link RetrainJobEmbeddedIT},
 * {@link RetrainRestoreEmbeddedIT}).
 */
class RetrainJobIT {
    private static final String INTERACTIONS = "interactions";
    private static final String CONTROL = "control";
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    @TempDir
    Path tmp;

    private EddyConfig config() {
        Map<String, String> v = new HashMap<>();
        v.put("job.parallelism", "1");
        v.put("checkpoint.dir", tmp.resolve("checkpoints").toUri().toString());
        v.put("checkpoint.interval", "500ms");
        v.put("retrain.model", "recs");
        v.put("retrain.every-interactions", "1000");
        v.put("retrain.interval", "0s");
        v.put("retrain.min-interactions", "100");
        v.put("retrain.device", "cpu");
        v.put("retrain.snapshot-dir", tmp.resolve("snapshots").toString());
        return EddyConfig.of(v, EddyKeys.all());
    }

    @Test
    void unreadableInteractionsAndCommandsBecomeDeadLettersAndOtherModelsCommandsAreLeftAlone() throws Exception {
        RecordSource.Log interactions = new RecordSource.Log();
        for (int i = 0; i < 20; i++) {
            interactions.append(INTERACTIONS, EventJson.write(new Interaction(null, T0.plusSeconds(i), "u" + i % 4,
                    "i" + i, "click", 1.0)));
        }
        RecordSource.Record badInteraction = interactions.append(INTERACTIONS, "{not json".getBytes(StandardCharsets.UTF_8));
        RecordSource.Log control = new RecordSource.Log();
        control.append(CONTROL, EventJson.write(ControlCommand.rollback("other-model", 3, "not ours", T0)));
        RecordSource.Record badCommand = control.append(CONTROL,
                "{\"command\":\"explode\",\"model\":\"recs\"}".getBytes(StandardCharsets.UTF_8));

        EddyConfig c = config();
        StreamExecutionEnvironment env = BoundedJobs.environment(c);
        try (CollectingSink models = new CollectingSink(); CollectingSink dead = new CollectingSink()) {
            RetrainJob.build(env, c,
                    new RetrainJob.Inputs(RecordSource.of(interactions.records(), new InteractionDeserializer()),
                            RecordSource.of(control.records(), new ControlDeserializer())),
                    new RetrainJob.Outputs(models, PublishedVersions.none(), dead));
            BoundedJobs.run(env, RetrainJob.NAME, Duration.ofMinutes(2));

            assertThat(models.records()).as("no retrain below retrain.min-interactions").isEmpty();
            List<DeadLetter> letters = new ArrayList<>();
            for (KeyedBytes r : dead.records()) letters.add(EventJson.parseDeadLetter(r.value));
            assertThat(letters).as("the other model's command is dropped, not dead-lettered").hasSize(2);
            assertThat(letters).anySatisfy(dl -> {
                assertThat(dl.reason()).contains("malformed JSON");
                assertThat(dl.stage()).isEqualTo("retrain/parse-interaction");
                assertThat(dl.sourceTopic()).isEqualTo(INTERACTIONS);
                assertThat(dl.offset()).isEqualTo(badInteraction.offset());
                assertThat(dl.raw()).isEqualTo(badInteraction.value());
            });
            assertThat(letters).anySatisfy(dl -> {
                assertThat(dl.reason()).contains("explode");
                assertThat(dl.stage()).isEqualTo(ControlDeserializer.STAGE);
                assertThat(dl.sourceTopic()).isEqualTo(CONTROL);
                assertThat(dl.offset()).isEqualTo(badCommand.offset());
            });
        }
    }
}
