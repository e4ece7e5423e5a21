package dev.eddy.jobs.replay;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.src.FileSource;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.jobs.runtime.KafkaIO;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/** Where a replay's logged events come from. Every input becomes the same stream of {@link ReplayRecord}s. */
public sealed interface ReplayInput {

    /** The events as a bounded stream, each with its decision's event time as the record timestamp. */
    DataStream<ReplayRecord> stream(StreamExecutionEnvironment env) throws IOException;

    /** How many records to expect, when that is cheap to know (for the progress bar's ETA). */
    OptionalLong expectedRecords();

    /** What the report calls the input. */
    String describe();

    WatermarkStrategy<ReplayRecord> EVENT_TIME = WatermarkStrategy.<ReplayRecord>noWatermarks()
            .withTimestampAssigner((r, previous) -> r.timestamp);

    /** Log files of one format; each file is read whole by one reader, so line numbers are the file's own. */
    record LogFiles(List<Path> files, LogFormat format) implements ReplayInput {
        public LogFiles {
            if (files.isEmpty()) throw new IllegalArgumentException("no log file given");
            for (Path f : files) {
                if (!Files.isRegularFile(f)) throw new IllegalArgumentException("log file not found: " + f);
            }
            files = List.copyOf(files);
        }

        @Override
        public DataStream<ReplayRecord> stream(StreamExecutionEnvironment env) throws IOException {
            DataStream<ReplayRecord> all = null;
            for (Path f : files) {
                LogFileFormat fileFormat = new LogFileFormat(f.getFileName().toString(), LogParsers.forFile(format, f));
                FileSource<ReplayRecord> source = FileSource.forRecordStreamFormat(fileFormat,
                        new org.apache.flink.core.fs.Path(f.toAbsolutePath().toUri())).build();
                DataStream<ReplayRecord> s = env.fromSource(source, EVENT_TIME, "log " + f.getFileName());
                all = all == null ? s : all.union(s);
            }
            return all;
        }

        @Override
        public OptionalLong expectedRecords() {
            long lines = 0;
            for (Path f : files) {
                try (BufferedReader in = open(f)) {
                    lines += in.lines().filter(l -> !l.isBlank()).count();
                    if (format == LogFormat.OBD) lines--; // the header
                } catch (IOException e) {
                    return OptionalLong.empty();
                }
            }
            return OptionalLong.of(lines);
        }

        private static BufferedReader open(Path f) throws IOException {
            InputStream in = Files.newInputStream(f);
            if (f.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in);
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        @Override
        public String describe() {
            return format.name().toLowerCase(java.util.Locale.ROOT) + " " + files;
        }
    }

    /**
     * Joined examples in a Kafka topic whose record time lies in [from, to): Kafka's time index finds the start
     * and end offsets of each partition, and the source stops there.
     */
    record KafkaTopic(KafkaClientProperties kafka, String topic, Instant from, Instant to) implements ReplayInput {
        public KafkaTopic {
            if (!from.isBefore(to)) throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }

        @Override
        public DataStream<ReplayRecord> stream(StreamExecutionEnvironment env) {
            KafkaSource<ReplayRecord> source = KafkaIO.boundedSource(kafka, topic, from, to, "eddy-replay",
                    new ExampleRecordDeserializer());
            return env.fromSource(source, EVENT_TIME, "kafka " + topic);
        }

        @Override
        public OptionalLong expectedRecords() {
            return OptionalLong.empty();
        }

        @Override
        public String describe() {
            return "kafka topic " + topic + " [" + from + ", " + to + ")";
        }
    }

    /** A generated log with known truth ({@link SyntheticLog}): for benchmarks and tests. */
    record Synthetic(long events, SyntheticLog log) implements ReplayInput {
        public Synthetic {
            if (events < 1) throw new IllegalArgumentException("--synthetic needs at least 1 event, was " + events);
        }

        @Override
        public DataStream<ReplayRecord> stream(StreamExecutionEnvironment env) {
            SyntheticLog l = log;
            DataGeneratorSource<ReplayRecord> source = new DataGeneratorSource<>(l::record, events,
                    TypeInformation.of(ReplayRecord.class));
            return env.fromSource(source, EVENT_TIME, "synthetic log");
        }

        @Override
        public OptionalLong expectedRecords() {
            return OptionalLong.of(events);
        }

        @Override
        public String describe() {
            return "synthetic log of " + events + " events, " + log.actions() + " actions";
        }
    }
}
