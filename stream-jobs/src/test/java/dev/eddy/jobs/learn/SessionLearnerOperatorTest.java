package dev.eddy.jobs.learn;

import dev.eddy.jobs.runtime.PublishedVersions;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;
import dev.eddy.bandits.mdp.eval.SessionPolicies;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.model.ModelAssembler;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;
import dev.eddy.jobs.join.KeyedBytes;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The session learner in Flink's test harness on RocksDB: one episode update per session. */
class SessionLearnerOperatorTest {

    private static final LearnerSpec FTRL = new LearnerSpec("ftrl-logbarrier", Map.of("batch", "4"));

    private static LearnerSettings settings(int horizon) {
        return new LearnerSettings(Map.of(), null, 8, List.of("page:item"), 7, 12, Duration.ZERO, 4096,
                new LearnerSettings.Sessions(Map.of("journey", FTRL), Duration.ofMinutes(5), horizon, 4, 1000,
                        Duration.ZERO, Duration.ofSeconds(30)), false);
    }

    private static SessionExamples of(String model, List<JoinedExample> session) {
        SessionExamples s = new SessionExamples();
        s.model = model;
        s.sessionId = session.get(0).decision().sessionId();
        s.examples = session.stream().map(EventJson::write).toArray(byte[][]::new);
        s.topic = "examples";
        return s;
    }

    @Test
    void eachSessionIsOneEpisodeUpdateOfThePureJavaPolicy() throws Exception {
        LearnerSettings settings = settings(3);
        List<List<JoinedExample>> sessions = LearnExamples.sessions("journey", 13, 4, 31);
        // Session 5 has a skipLearn step: not learned.
        List<JoinedExample> five = new ArrayList<>(sessions.get(5));
        var d = five.get(1).decision();
        five.set(1, new JoinedExample(dev.eddy.events.event.Decision.builder().eventId(d.eventId()).timestamp(d.timestamp())
                .userId(d.userId()).sessionId(d.sessionId()).step(d.step()).policy(d.policy()).context(d.context())
                .candidates(d.candidates()).chosen(d.chosen()).probabilities(d.probabilities()).skipLearn(true).build(),
                five.get(1).rewards(), five.get(1).reward(), five.get(1).rewardObserved(), five.get(1).windowEnd()));
        sessions.set(5, five);

        var h = new KeyedOneInputStreamOperatorTestHarness<>(new SessionLearnerOperator(settings, PublishedVersions.none()),
                (SessionExamples s) -> s.model, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        try (h) {
            h.open();
            for (List<JoinedExample> s : sessions) h.processElement(new StreamRecord<>(of("journey", s)));
            // Not configured as a session model: ignored.
            h.processElement(new StreamRecord<>(of("other", sessions.get(0))));

            ModelAssembler a = new ModelAssembler();
            List<ModelVersion> versions = new ArrayList<>();
            for (KeyedBytes kb : h.extractOutputValues()) a.accept(EventJson.parseModelPart(kb.value)).ifPresent(versions::add);
            assertThat(versions).singleElement().satisfies(v -> {
                assertThat(v.model()).isEqualTo("journey");
                assertThat(v.manifest().modelType()).isEqualTo(SessionModelSpec.MODEL_TYPE);
                assertThat(v.manifest().metrics()).containsEntry("updates", 12.0);
            });

            SessionPolicy expected = SessionPolicies.standard().create("ftrl-logbarrier", 3, 3,
                    settings.sessionHashing().dimension(), 1000, 7, FTRL.params());
            for (int i = 0; i < sessions.size(); i++) {
                if (i == 5) continue;
                // The horizon is 3: the fourth step of every session is cut off.
                expected.learn(LearnExamples.episode(sessions.get(i).subList(0, 3), settings.sessionHashing()));
            }
            assertThat(OpaqueBlocks.payload(versions.get(0))).isEqualTo(expected.snapshot());
            assertThat(SessionModelSpec.restore(versions.get(0)).snapshot()).isEqualTo(expected.snapshot());
        }
    }
}
