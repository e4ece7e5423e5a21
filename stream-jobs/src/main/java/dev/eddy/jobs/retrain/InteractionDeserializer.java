package dev.eddy.jobs.retrain;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses and validates interactions inside the Kafka source, as the join job does its inputs: a record that fails
 * becomes a dead letter with its reason, topic, partition, offset and raw bytes, and never stops the job.
 */
public class InteractionDeserializer implements KafkaRecordDeserializationSchema<InteractionInput> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InteractionInput> out) {
        try {
            Interaction i = EventJson.parseInteraction(record.value());
            out.collect(InteractionInput.of(i.userId(), i.itemId(), i.timestamp().toEpochMilli()));
        } catch (InvalidEventException | RuntimeException e) {
            String reason = e instanceof InvalidEventException ? e.getMessage() : "unexpected error: " + e;
            DeadLetter dl = DeadLetter.of(reason, "retrain/parse-interaction", record.topic(), record.partition(),
                    record.offset(), record.value());
            out.collect(InteractionInput.dead(EventJson.write(dl)));
        }
    }

    @Override
    public TypeInformation<InteractionInput> getProducedType() {
        return TypeInformation.of(InteractionInput.class);
    }
}
