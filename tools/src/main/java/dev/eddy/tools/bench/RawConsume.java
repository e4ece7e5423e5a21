package dev.eddy.tools.bench;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.kafka.CommittedReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.eddy.tools.bench.JoinBenchmark.PROGRESS_EVERY_NANOS;
import static dev.eddy.tools.bench.JoinBenchmark.seconds;

/** The yardstick: the join's input read with a plain Kafka consumer. */
final class RawConsume {

    private RawConsume() {}

    /**
     * Reads every record of {@code topics} from the beginning with a plain consumer (byte[] deserializers, the
     * same read_committed isolation and default fetch settings as the job's source), touching each value, and
     * returns the seconds it took.
     */
    static double read(KafkaClientProperties kafka, List<String> topics, long expected, String label, PrintStream progress) {
        long records = 0, bytes = 0;
        long start = System.nanoTime();
        long nextReport = start + PROGRESS_EVERY_NANOS;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     CommittedReader.fromBeginning(kafka, topics, new ByteArrayDeserializer())) {
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            while (records < expected) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    bytes += r.value() == null ? 0 : r.value().length;
                }
                long now = System.nanoTime();
                if (now >= nextReport) {
                    progress.printf(Locale.ROOT, "%s: %,d of %,d records, %,.0f records/s%n", label, records, expected,
                            records / seconds(now - start));
                    nextReport = now + PROGRESS_EVERY_NANOS;
                }
                if (now > deadline) {
                    throw new IllegalStateException(label + ": read only " + records + " of " + expected + " records");
                }
            }
        }
        double secs = seconds(System.nanoTime() - start);
        progress.printf(Locale.ROOT, "%s: done, %,d records (%.1f MiB of values) in %.2f s, %,.0f records/s%n", label,
                records, bytes / (1024.0 * 1024.0), secs, records / secs);
        return secs;
    }
}
