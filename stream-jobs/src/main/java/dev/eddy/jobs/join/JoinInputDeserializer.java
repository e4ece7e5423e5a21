package dev.eddy.jobs.join;

import dev.eddy.connectors.event.DeadLetter;
import dev.eddy.connectors.event.Decision;
import dev.eddy.connectors.event.Reward;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.eddy.connectors.json.EventJson;
import dev.eddy.connectors.json.EventValidator;
import dev.eddy.connectors.json.InvalidEventException;
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

    /**
     * The wire format's readers with Jackson's fast floating-point parser (correctly rounded like
     * {@link Double#parseDouble}, so the same values, at a fraction of the cost: decisions carry many feature
     * values, and number parsing was a large share of the job's parsing time in {@code eddy bench join}).
     */
    private static final ObjectReader DECISIONS =
            EventJson.mapper().readerFor(Decision.class).with(StreamReadFeature.USE_FAST_DOUBLE_PARSER);
    private static final ObjectReader REWARDS =
            EventJson.mapper().readerFor(Reward.class).with(StreamReadFeature.USE_FAST_DOUBLE_PARSER);

    private final String decisionsTopic;

    public JoinInputDeserializer(String decisionsTopic) {
        this.decisionsTopic = decisionsTopic;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<JoinInput> out) {
        boolean isDecision = record.topic().equals(decisionsTopic);
        try {
            if (isDecision) {
                Decision d = parseDecision(record.value());
                out.collect(JoinInput.decision(d.eventId(), d.timestamp().toEpochMilli(), EventJson.write(d),
                        record.topic(), record.partition(), record.offset()));
            } else {
                Reward r = parseReward(record.value());
                out.collect(JoinInput.reward(r.eventId(), r.timestamp().toEpochMilli(), r.value(), r.dedupKey(),
                        EventJson.write(r), record.topic(), record.partition(), record.offset()));
            }
        } catch (InvalidEventException | RuntimeException e) {
            String reason = e instanceof InvalidEventException ? e.getMessage() : "unexpected error: " + e;
            DeadLetter dl = DeadLetter.of(reason, isDecision ? "join/parse-decision" : "join/parse-reward",
                    record.topic(), record.partition(), record.offset(), record.value());
            out.collect(JoinInput.dead(EventJson.write(dl)));
        }
    }

    /** Like {@link EventJson#parseDecision}; a record that fails goes through it again for the exact same reason. */
    static Decision parseDecision(byte[] json) throws InvalidEventException {
        Decision d = tryRead(DECISIONS, json);
        if (d == null) return EventJson.parseDecision(json);
        EventValidator.validate(d);
        return d;
    }

    /** Like {@link EventJson#parseReward}; a record that fails goes through it again for the exact same reason. */
    static Reward parseReward(byte[] json) throws InvalidEventException {
        Reward r = tryRead(REWARDS, json);
        if (r == null) return EventJson.parseReward(json);
        EventValidator.validate(r);
        return r;
    }

    private static <T> T tryRead(ObjectReader reader, byte[] json) {
        if (json == null || json.length == 0) return null;
        try {
            return reader.readValue(json);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public TypeInformation<JoinInput> getProducedType() {
        return TypeInformation.of(JoinInput.class);
    }
}
