package dev.eddy.tools.bench;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.tools.bench.JoinBenchmark.Options;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.jobs.runtime.JoinKafka;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.eddy.tools.bench.BenchKafka.countAll;
import static dev.eddy.tools.bench.JoinBenchmark.PROGRESS_EVERY_NANOS;
import static dev.eddy.tools.bench.JoinBenchmark.seconds;

/** Runs the join job on the local MiniCluster and times it until every expected example is committed. */
final class JoinRun {

    private JoinRun() {}

    record Joined(double seconds, double firstSeconds, long examples, long duplicates, long withReward) {}

    static Joined run(EddyConfig config, Options options, PrintStream progress) {
        KafkaClientProperties kafka = KafkaClientProperties.from(config);
        String examplesTopic = config.get(KafkaKeys.TOPIC_EXAMPLES);
        long expected = options.decisions();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     CommittedReader.fromBeginning(kafka, List.of(examplesTopic), new ByteArrayDeserializer())) {
            // Assign before the job starts, so that the reader is ready when the first example commits.
            consumer.poll(Duration.ZERO);

            StreamExecutionEnvironment env = FlinkRuntime.environment(config, FlinkRuntime.Target.LOCAL);
            JoinJob.build(env, config, JoinKafka.inputs(config), JoinKafka.outputs(config));
            progress.println("join: submitting the job");
            long start = System.nanoTime();
            JobClient job;
            try {
                job = env.executeAsync(JoinJob.NAME);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the join job", e);
            }
            // Counted by decision index (parsed from the key "d-0000000042"), so that a duplicate cannot stand in for
            // a missing example; parsing ten digits per record keeps this reader cheap next to the job.
            java.util.BitSet seen = new java.util.BitSet((int) expected);
            long examples = 0;
            long records = 0;
            long first = -1;
            long end;
            try {
                long nextReport = start + PROGRESS_EVERY_NANOS;
                long lastCount = 0, lastTime = start;
                long deadline = start + TimeUnit.MINUTES.toNanos(10) + TimeUnit.MILLISECONDS.toNanos(expected);
                while (true) {
                    ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    if (!batch.isEmpty() && first < 0) first = now;
                    for (ConsumerRecord<byte[], byte[]> r : batch) {
                        records++;
                        int i = decisionIndex(r.key());
                        if (i >= 0 && i < expected && !seen.get(i)) {
                            seen.set(i);
                            examples++;
                        }
                    }
                    if (examples >= expected) {
                        end = now;
                        break;
                    }
                    if (now >= nextReport) {
                        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
                        progress.printf(Locale.ROOT, "join: %,d of %,d examples committed, %,.0f examples/s "
                                        + "(last %.0f s: %,.0f/s), job %s%n", examples, expected,
                                examples / seconds(now - start), seconds(now - lastTime),
                                (examples - lastCount) / seconds(now - lastTime), status);
                        if (status.isGloballyTerminalState()) {
                            throw new IllegalStateException("the join job ended (" + status + ") after " + examples
                                    + " of " + expected + " examples");
                        }
                        lastCount = examples;
                        lastTime = now;
                        nextReport = now + PROGRESS_EVERY_NANOS;
                    }
                    if (now > deadline) {
                        throw new IllegalStateException("join: only " + examples + " of " + expected
                                + " examples after " + seconds(now - start) + " s");
                    }
                }
            } catch (RuntimeException e) {
                cancel(job, progress);
                throw e;
            } catch (Exception e) {
                cancel(job, progress);
                throw new IllegalStateException("join: cannot read the job's status", e);
            }
            double secs = seconds(end - start);
            double firstSecs = seconds(first - start);
            progress.printf(Locale.ROOT, "join: done, %,d examples in %.2f s (first after %.2f s), %,.0f examples/s%n",
                    examples, secs, firstSecs, examples / secs);
            if (records != examples) {
                progress.printf(Locale.ROOT, "join: WARNING %,d records for %,d distinct decisions%n", records, examples);
            }
            cancel(job, progress);
            // Not timed: check what came out (every example once, the expected share with a reward).
            long[] withReward = new long[1];
            long total = countAll(kafka, examplesTopic, v -> {
                if (contains(v, OBSERVED)) withReward[0]++;
            });
            if (total != records) {
                progress.printf(Locale.ROOT, "join: note: re-reading the examples topic found %,d records, %,d seen "
                        + "while timing%n", total, records);
            }
            return new Joined(secs, firstSecs, examples, records - examples, withReward[0]);
        }
    }

    /** The index in {@code d-0000000042}, or -1 for any other key. */
    static int decisionIndex(byte[] key) {
        if (key == null || key.length != 12 || key[0] != 'd' || key[1] != '-') return -1;
        int v = 0;
        for (int i = 2; i < 12; i++) {
            int c = key[i] - '0';
            if (c < 0 || c > 9) return -1;
            v = v * 10 + c;
        }
        return v;
    }

    private static final byte[] OBSERVED = "\"rewardObserved\":true".getBytes(StandardCharsets.UTF_8);

    private static void cancel(JobClient job, PrintStream progress) {
        try {
            job.cancel().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            progress.println("join: cancelling the job failed: " + e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }
}
