package dev.eddy.jobs.learn;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses and validates joined examples inside the Kafka source and names the model each one updates. A record
 * that fails, or names no model, becomes a dead letter with its reason, topic, partition, offset and raw bytes.
 */
public class LearnerInputDeserializer implements KafkaRecordDeserializationSchema<LearnerInput> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<LearnerInput> out) {
        try {
            JoinedExample e = EventJson.parseExample(record.value());
            String model = modelOf(e.decision());
            if (model == null) {
                throw new InvalidEventException("example " + e.decision().eventId()
                        + ": the decision has neither variant nor policy, so no model to update");
            }
            Decision d = e.decision();
            out.collect(LearnerInput.example(model, d.timestamp().toEpochMilli(), d.sessionId(), d.step(),
                    record.value(), record.topic(), record.partition(), record.offset()));
        } catch (InvalidEventException | RuntimeException e) {
            String reason = e instanceof InvalidEventException ? e.getMessage() : "unexpected error: " + e;
            DeadLetter dl = DeadLetter.of(reason, "learn/parse-example", record.topic(), record.partition(),
                    record.offset(), record.value());
            out.collect(LearnerInput.dead(EventJson.write(dl)));
        }
    }

    /** The model an example belongs to: the experiment variant that served it, else the policy that decided. */
    public static String modelOf(Decision d) {
        if (d.variant() != null && !d.variant().isBlank()) return d.variant();
        if (d.policy() != null && !d.policy().isBlank()) return d.policy();
        return null;
    }

    @Override
    public TypeInformation<LearnerInput> getProducedType() {
        return TypeInformation.of(LearnerInput.class);
    }
}
