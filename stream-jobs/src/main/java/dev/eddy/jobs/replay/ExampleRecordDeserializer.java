package dev.eddy.jobs.replay;

import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.EventValidator;
import dev.eddy.events.json.InvalidEventException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/** Joined examples from Kafka as replay records; a record that is not one becomes a problem with its offset. */
final class ExampleRecordDeserializer implements KafkaRecordDeserializationSchema<ReplayRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ReplayRecord> out) {
        String source = record.topic() + "-" + record.partition();
        byte[] value = record.value();
        if (value == null) {
            out.collect(ReplayRecord.bad(source, record.offset(), "record has no value", null));
            return;
        }
        String text = new String(value, StandardCharsets.UTF_8);
        try {
            JoinedExample e = EventJson.parseExample(value);
            EventValidator.validate(e);
            out.collect(ReplayRecord.good(source, record.offset(), e.decision().timestamp().toEpochMilli(), value));
        } catch (InvalidEventException e) {
            out.collect(ReplayRecord.bad(source, record.offset(), e.getMessage(), text));
        }
    }

    @Override
    public TypeInformation<ReplayRecord> getProducedType() {
        return TypeInformation.of(ReplayRecord.class);
    }
}
