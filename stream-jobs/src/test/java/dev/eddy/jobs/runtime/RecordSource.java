package dev.eddy.jobs.runtime;

import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded test source of records as a job's Kafka source would read them (topic, partition, offset, value), each
 * turned into the job's input by the job's own deserializer, as in production: so a test without a broker still
 * parses, validates and dead-letters the way the job does. Split into contiguous ranges, one per source subtask,
 * each read in order; at its end the source's watermark goes to the maximum, which closes every event-time window.
 */
public final class RecordSource {
    private RecordSource() {}

    /** One record of a topic. */
    public record Record(String topic, int partition, long offset, byte[] value) implements Serializable {}

    /** Records in the order they are appended, on partition 0 of their topic, offsets counted per topic from 0. */
    public static final class Log {
        private final List<Record> records = new ArrayList<>();
        private final Map<String, Long> next = new HashMap<>();

        public Record append(String topic, byte[] value) {
            long offset = next.merge(topic, 1L, Long::sum) - 1;
            Record r = new Record(topic, 0, offset, value);
            records.add(r);
            return r;
        }

        public List<Record> records() {
            return List.copyOf(records);
        }
    }

    public static <T> Source<T, ?, ?> of(List<Record> records, KafkaRecordDeserializationSchema<T> deserializer) {
        return new DataGeneratorSource<>(new Deserializing<>(List.copyOf(records), deserializer), records.size(),
                deserializer.getProducedType());
    }

    /** The record at an index, through the deserializer; every job's deserializer makes one input of each record. */
    private record Deserializing<T>(List<Record> records, KafkaRecordDeserializationSchema<T> deserializer)
            implements GeneratorFunction<Long, T> {
        @Override
        public T map(Long index) throws Exception {
            Record r = records.get(Math.toIntExact(index));
            List<T> out = new ArrayList<>(1);
            deserializer.deserialize(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), null, r.value()),
                    new Collector<>() {
                        @Override
                        public void collect(T t) {
                            out.add(t);
                        }

                        @Override
                        public void close() {}
                    });
            if (out.size() != 1) throw new IllegalStateException(out.size() + " inputs of record " + r);
            return out.get(0);
        }
    }
}
