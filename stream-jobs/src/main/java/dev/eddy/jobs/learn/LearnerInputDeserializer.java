package dev.eddy.jobs.learn;

import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Set;

/**
 * Parses and validates joined examples inside the Kafka source and names the model each one updates; an example of
 * a per-example model also gets its {@link EncodedRound}, hashed with the job's {@code learner.hashing-*} settings. A
 * record that fails, or names no model, becomes a dead letter with its reason, topic, partition, offset and raw
 * bytes. One instance per source subtask, used by its task thread only (the encoder is not thread-safe).
 */
public class LearnerInputDeserializer implements KafkaRecordDeserializationSchema<LearnerRecord> {
    private final LearnerSettings settings;
    private final Set<String> sessionModels;
    private transient JointEncoder encoder;

    public LearnerInputDeserializer(LearnerSettings settings) {
        this.settings = settings;
        this.sessionModels = Set.copyOf(settings.sessions().models().keySet());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<LearnerRecord> out) {
        out.collect(read(record.value(), record.topic(), record.partition(), record.offset()));
    }

    /** The learner's record of one value of {@code topic}. */
    public LearnerRecord read(byte[] value, String topic, int partition, long offset) {
        try {
            JoinedExample e = EventJson.parseExample(value);
            Decision d = e.decision();
            String model = modelOf(d);
            if (model == null) {
                throw new InvalidEventException("example " + d.eventId()
                        + ": the decision has neither variant nor policy, so no model to update");
            }
            LearnerInput in = LearnerInput.example(model, d.timestamp().toEpochMilli(), d.sessionId(), d.step(), value,
                    topic, partition, offset);
            return LearnerRecord.of(in, sessionModels.contains(model) ? null : EncodedRound.of(e, encoder()));
        } catch (InvalidEventException | RuntimeException e) {
            String reason = e instanceof InvalidEventException ? e.getMessage() : "unexpected error: " + e;
            DeadLetter dl = DeadLetter.of(reason, "learn/parse-example", topic, partition, offset, value);
            return LearnerRecord.of(LearnerInput.dead(EventJson.write(dl)), null);
        }
    }

    private JointEncoder encoder() {
        if (encoder == null) encoder = new JointEncoder(settings.hashing());
        return encoder;
    }

    /** The model an example belongs to: the experiment variant that served it, else the policy that decided. */
    public static String modelOf(Decision d) {
        if (d.variant() != null && !d.variant().isBlank()) return d.variant();
        if (d.policy() != null && !d.policy().isBlank()) return d.policy();
        return null;
    }

    @Override
    public TypeInformation<LearnerRecord> getProducedType() {
        return TypeInformation.of(LearnerRecord.class);
    }
}
