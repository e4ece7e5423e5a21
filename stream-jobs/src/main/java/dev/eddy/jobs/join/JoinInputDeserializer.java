package dev.eddy.jobs.join;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.EventScanner;
import dev.eddy.events.json.InvalidEventException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses and validates records of the decisions and rewards topics inside the Kafka source, so that event time
 * is known per partition (per-split watermarks and idleness). A record that fails becomes a dead letter with its
 * reason, topic, partition, offset and raw bytes; it never stops the job.
 */
public class JoinInputDeserializer implements KafkaRecordDeserializationSchema<JoinInput> {

    private final String decisionsTopic;

    public JoinInputDeserializer(String decisionsTopic) {
        this.decisionsTopic = decisionsTopic;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<JoinInput> out) {
        boolean isDecision = record.topic().equals(decisionsTopic);
        try {
            // Only the identity is read; the record is validated as binding it would validate it, and bound in full
            // only when it is not plainly valid, to say why (binding every decision was 89 % of this thread).
            // The validated bytes travel as they came: the example holds the decision as logged, and writing it
            // again would cost as much as parsing it (`eddy bench join`).
            if (isDecision) {
                EventScanner.DecisionId d = EventJson.decisionId(record.value());
                out.collect(JoinInput.decision(d.eventId(), d.timeMillis(), record.value(),
                        record.topic(), record.partition(), record.offset()));
            } else {
                EventScanner.RewardId r = EventJson.rewardId(record.value());
                out.collect(JoinInput.reward(r.eventId(), r.timeMillis(), r.value(), r.dedupKey(),
                        record.value(), record.topic(), record.partition(), record.offset()));
            }
        } catch (InvalidEventException | RuntimeException e) {
            String reason = e instanceof InvalidEventException ? e.getMessage() : "unexpected error: " + e;
            DeadLetter dl = DeadLetter.of(reason, isDecision ? "join/parse-decision" : "join/parse-reward",
                    record.topic(), record.partition(), record.offset(), record.value());
            out.collect(JoinInput.dead(EventJson.write(dl)));
        }
    }

    @Override
    public TypeInformation<JoinInput> getProducedType() {
        return TypeInformation.of(JoinInput.class);
    }
}
