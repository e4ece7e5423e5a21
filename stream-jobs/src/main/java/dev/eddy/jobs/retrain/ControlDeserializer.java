package dev.eddy.jobs.retrain;

import dev.eddy.events.event.ControlCommand;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses and validates control commands inside the Kafka source, as the interactions are: malformed JSON, an
 * unknown command or a missing or invalid field becomes a dead letter with its reason, topic, partition, offset and
 * raw bytes, and never stops the job.
 */
public class ControlDeserializer implements KafkaRecordDeserializationSchema<ControlInput> {
    static final String STAGE = "retrain/parse-control";

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ControlInput> out) {
        try {
            ControlCommand c = EventJson.parseControlCommand(record.value());
            ControlInput in = new ControlInput();
            in.command = c.command();
            in.model = c.model();
            in.toVersion = c.toVersion() == null ? 0 : c.toVersion(); // only rollback needs one, and has one
            in.reason = c.reason();
            in.requestedAt = c.requestedAt() == null ? null : c.requestedAt().toString();
            in.topic = record.topic();
            in.partition = record.partition();
            in.offset = record.offset();
            in.raw = record.value();
            out.collect(in);
        } catch (InvalidEventException | RuntimeException e) {
            String reason = e instanceof InvalidEventException ? e.getMessage() : "unexpected error: " + e;
            DeadLetter dl = DeadLetter.of(reason, STAGE, record.topic(), record.partition(), record.offset(), record.value());
            out.collect(ControlInput.dead(EventJson.write(dl)));
        }
    }

    @Override
    public TypeInformation<ControlInput> getProducedType() {
        return TypeInformation.of(ControlInput.class);
    }
}
