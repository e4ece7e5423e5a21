package dev.eddy.jobs.join;

import dev.eddy.events.testing.TestEvents;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.runtime.BoundedJobs;
import dev.eddy.jobs.runtime.CollectingSink;
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
 * The join job's logic on a Flink MiniCluster without a broker: decisions and rewards as JSON bytes from a bounded
 * source (through the job's own deserializer), examples and dead letters into collecting sinks. The end of the
 * input moves the watermark past every window. The production path (Kafka source, exactly-once sinks, restore) is
 * {@link JoinJobEmbeddedIT}'s.
 */
class JoinJobIT {
    private static final String DECISIONS = "decisions";
    private static final String REWARDS = "rewards";
    private static final Instant T0 = JoinTestKit.T0;

    @TempDir
    Path tmp;

    private EddyConfig config() {
        Map<String, String> v = new HashMap<>();
        v.put("topics.decisions", DECISIONS);
        v.put("topics.rewards", REWARDS);
        v.put("checkpoint.dir", tmp.toUri().toString());
        v.put("checkpoint.interval", "500ms");
        v.put("job.parallelism", "2");
        v.put("join.window", "2s");
        v.put("join.max-out-of-orderness", "2s");
        v.put("join.idleness", "60s");
        v.put("join.default-reward", "-0.25");
        return EddyConfig.of(v, EddyKeys.all());
    }

    @Test
    void decisionsGetTheirRewardsOrTheDefaultAfterTheWindowAndUnusableRecordsBecomeDeadLetters() throws Exception {
        RecordSource.Log log = new RecordSource.Log();
        RecordSource.Record malformed = log.append(DECISIONS, "{not json".getBytes(StandardCharsets.UTF_8));
        Map<String, Decision> decisions = new HashMap<>();
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Decision d = TestEvents.decision("d" + i, T0.plusMillis(i * 100L));
            decisions.put(d.eventId(), d);
            events.add(d);
        }
        events.add(decisions.get("d1")); // redelivered: one example all the same
        events.add(Reward.of("d0", T0.plusMillis(200), 1.0));
        events.add(Reward.of("d2", T0.plusMillis(500), 0.5));
        events.add(Reward.of("d2", T0.plusMillis(1700), 2.0));
        events.add(Reward.of("nobody", T0.plusMillis(550), 3.0));
        Reward late = Reward.of("d4", T0.plusMillis(400 + 5000), 9.0); // after d4's window [t, t + 2 s]
        events.add(late);
        events.sort(java.util.Comparator.comparingLong(JoinJobContract::time));
        Map<Object, RecordSource.Record> records = new HashMap<>();
        for (Object e : events) {
            records.put(e, e instanceof Decision d ? log.append(DECISIONS, EventJson.write(d))
                    : log.append(REWARDS, EventJson.write((Reward) e)));
        }

        EddyConfig c = config();
        StreamExecutionEnvironment env = BoundedJobs.environment(c);
        try (CollectingSink examples = new CollectingSink(); CollectingSink dead = new CollectingSink()) {
            JoinJob.build(env, c, new JoinJob.Inputs(RecordSource.of(log.records(), new JoinInputDeserializer(DECISIONS))),
                    new JoinJob.Outputs(examples, dead));
            BoundedJobs.run(env, JoinJob.NAME, Duration.ofMinutes(2));

            Map<String, JoinedExample> got = new HashMap<>();
            for (KeyedBytes r : examples.records()) {
                JoinedExample e = EventJson.parseExample(r.value);
                assertThat(r.key).isEqualTo(e.decision().eventId());
                assertThat(got.put(r.key, e)).as("one example for %s", r.key).isNull();
            }
            assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(decisions.keySet());
            got.forEach((id, e) -> {
                assertThat(e.decision()).isEqualTo(decisions.get(id));
                assertThat(e.windowEnd()).isEqualTo(decisions.get(id).timestamp().plusSeconds(2));
            });
            assertThat(got.get("d0").reward()).isEqualTo(1.0);
            assertThat(got.get("d0").rewardObserved()).isTrue();
            assertThat(got.get("d2").reward()).as("rewards summed").isEqualTo(2.5);
            assertThat(got.get("d2").rewards()).hasSize(2);
            for (String id : List.of("d1", "d3", "d4", "d5", "d6", "d7", "d8", "d9")) {
                assertThat(got.get(id).reward()).as("default reward of %s", id).isEqualTo(-0.25);
                assertThat(got.get(id).rewardObserved()).isFalse();
                assertThat(got.get(id).rewards()).isEmpty();
            }

            List<DeadLetter> letters = new ArrayList<>();
            for (KeyedBytes r : dead.records()) letters.add(EventJson.parseDeadLetter(r.value));
            assertThat(letters).hasSize(3);
            assertThat(letters).anySatisfy(dl -> {
                assertThat(dl.reason()).contains("malformed JSON");
                assertThat(dl.stage()).isEqualTo("join/parse-decision");
                assertThat(dl.sourceTopic()).isEqualTo(DECISIONS);
                assertThat(dl.offset()).isEqualTo(malformed.offset());
                assertThat(dl.raw()).isEqualTo(malformed.value());
            });
            assertThat(letters).anySatisfy(dl -> {
                assertThat(dl.reason()).startsWith("late reward");
                assertThat(dl.stage()).isEqualTo("join");
                assertThat(dl.sourceTopic()).isEqualTo(REWARDS);
                assertThat(dl.offset()).isEqualTo(records.get(late).offset());
                assertThat(EventJson.parseReward(dl.raw())).isEqualTo(late);
            });
            assertThat(letters).anySatisfy(dl -> {
                assertThat(dl.reason()).startsWith("reward without decision");
                assertThat(EventJson.parseReward(dl.raw()).eventId()).isEqualTo("nobody");
            });
        }
    }
}
