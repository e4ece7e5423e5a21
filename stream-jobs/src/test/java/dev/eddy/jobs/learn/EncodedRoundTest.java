package dev.eddy.jobs.learn;

import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EncodedRoundTest {
    private static final LearnerSettings SETTINGS = new LearnerSettings(Map.of(), LearnerSpec.parse("neufastcb"), 8,
            List.of("user:item"), 7, 10, Duration.ZERO, 4096,
            new LearnerSettings.Sessions(Map.of("episodes", new LearnerSpec("ftrl-logbarrier", Map.of())),
                    Duration.ofMinutes(5), 3, 4, 1000, Duration.ZERO, Duration.ofSeconds(30)), false);

    @Test
    void theSourcesRoundIsTheOneTheEncoderMakesOfTheDecision() {
        LearnerInputDeserializer source = new LearnerInputDeserializer(SETTINGS);
        JointEncoder encoder = new JointEncoder(SETTINGS.hashing());
        for (JoinedExample e : LearnExamples.examples("prod", null, 30, 8)) {
            Decision d = e.decision();
            LearnerRecord r = source.read(EventJson.write(e), "eddy.examples", 2, 40);
            assertThat(r.input.model).isEqualTo("prod");
            assertThat(r.input.offset).isEqualTo(40);
            EncodedRound x = r.round;
            assertThat(x.eventId).isEqualTo(d.eventId());
            assertThat(x.decidedAt).isEqualTo(d.timestamp().toEpochMilli());
            assertThat(x.actions).isEqualTo(3);
            assertThat(x.chosen).isEqualTo(d.chosen().get(0));
            assertThat(x.probability).isEqualTo(d.chosenProbability());
            assertThat(x.reward).isEqualTo(e.reward());
            assertThat(x.weight).isEqualTo(d.weight());
            assertThat(x.skipLearn).isEqualTo(d.skipLearn());
            if (d.skipLearn()) {
                assertThat(x.starts).isNull();
            } else {
                assertThat(x.round()).isEqualTo(encoder.encode(d));
            }
        }
    }

    @Test
    void examplesOfSessionModelsAndDeadLettersCarryNoRound() {
        LearnerInputDeserializer source = new LearnerInputDeserializer(SETTINGS);
        JoinedExample episode = LearnExamples.examples("episodes", null, 1, 3).get(0);
        LearnerRecord session = source.read(EventJson.write(episode), "eddy.examples", 0, 0);
        assertThat(session.input.dead).isFalse();
        assertThat(session.round).isNull();
        LearnerRecord dead = source.read("{not json".getBytes(), "eddy.examples", 0, 1);
        assertThat(dead.input.dead).isTrue();
        assertThat(dead.round).isNull();
    }

    @Test
    void flinkShipsTheRecordAsAPojoAndBackUnchanged() throws Exception {
        TypeInformation<LearnerRecord> type = TypeInformation.of(LearnerRecord.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<LearnerRecord> pojo = (PojoTypeInfo<LearnerRecord>) type;
        assertThat(pojo.getTypeAt("round")).as("no Kryo for the round").isInstanceOf(PojoTypeInfo.class);
        assertThat(pojo.getTypeAt("input")).isInstanceOf(PojoTypeInfo.class);

        JoinedExample e = LearnExamples.examples("prod", null, 1, 9).get(0);
        LearnerRecord sent = new LearnerInputDeserializer(SETTINGS).read(EventJson.write(e), "eddy.examples", 0, 7);
        TypeSerializer<LearnerRecord> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(sent, out);
        LearnerRecord got = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(got.round.round()).isEqualTo(sent.round.round());
        assertThat(got.round).usingRecursiveComparison().isEqualTo(sent.round);
        assertThat(got.input).usingRecursiveComparison().isEqualTo(sent.input);
    }
}
