package dev.eddy.tools.bench;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.tools.bench.JoinBenchmark.Options;
import dev.eddy.tools.bench.ProcessCpu.ThreadKind;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.StringJoiner;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.eddy.tools.bench.BenchKafka.countAll;
import static dev.eddy.tools.bench.JoinBenchmark.PROGRESS_EVERY_NANOS;
import static dev.eddy.tools.bench.JoinBenchmark.seconds;

/**
 * Runs a job (the join, or the passthrough floor) on the local MiniCluster and times it until every expected output
 * record is committed, with this JVM's process CPU time over the steady part of the run.
 */
final class JoinRun {

    private JoinRun() {}

    /**
     * What one job run measured. {@code cpuNanos} is this JVM's process CPU time, less this reader thread's own,
     * from the poll that first saw {@link #STEADY_FROM} of the expected outputs to the one that first saw
     * {@link #STEADY_TO} (start-up, deployment and the end of input left out), during which {@code measuredOutputs}
     * outputs were committed.
     */
    record Joined(double seconds, double firstSeconds, long examples, long duplicates, long withReward, long cpuNanos,
                  long measuredOutputs) {}

    /** The job to run: its name, how to build it, where it writes, and how its outputs are counted. */
    record Job(String name, Consumer<StreamExecutionEnvironment> build, String outputTopic, long expected,
               boolean keyedByDecision) {}

    /** Share of the outputs after which the CPU time is counted: by then the job is deployed and reading. */
    static final double STEADY_FROM = 0.1;
    /**
     * Share of the outputs up to which it is counted: the last ones wait for the watermark to pass their windows after
     * the input has ended (at the end of a quiet run the join sat 40 s with nothing to read), which is not a record's
     * cost.
     */
    static final double STEADY_TO = 0.8;

    static Joined run(EddyConfig config, Options options, PrintStream progress) {
        return run(config, options, progress, null, () -> { });
    }

    /**
     * The join; once the job is submitted {@code beforeClock} runs (null: none, and the clock starts at submission),
     * then the clock starts and {@code input} runs (the job reads as it is written).
     */
    static Joined run(EddyConfig config, Options options, PrintStream progress, Runnable beforeClock, Runnable input) {
        return run(config, new Job(JoinJob.NAME,
                env -> JoinJob.build(env, config, JoinKafka.inputs(config), JoinKafka.outputs(config)),
                config.get(KafkaKeys.TOPIC_EXAMPLES), options.decisions(), true), progress, beforeClock, input);
    }

    static Joined run(EddyConfig config, Job spec, PrintStream progress) {
        return run(config, spec, progress, null, () -> { });
    }

    static Joined run(EddyConfig config, Job spec, PrintStream progress, Runnable beforeClock, Runnable input) {
        KafkaClientProperties kafka = KafkaClientProperties.from(config);
        String examplesTopic = spec.outputTopic();
        long expected = spec.expected();
        String label = spec.keyedByDecision() ? "join" : "passthrough";
        try (KafkaConsumer<byte[], byte[]> consumer =
                     CommittedReader.fromBeginning(kafka, List.of(examplesTopic), new ByteArrayDeserializer())) {
            // Assign before the job starts, so that the reader is ready when the first example commits.
            consumer.poll(Duration.ZERO);

            StreamExecutionEnvironment env = FlinkRuntime.environment(config, FlinkRuntime.Target.LOCAL);
            spec.build().accept(env);
            progress.println(label + ": submitting the job");
            long start = System.nanoTime();
            JobClient job;
            try {
                job = env.executeAsync(spec.name());
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the join job", e);
            }
            // With input written while the job runs (the waiting decisions' case), this thread has the input written
            // and polls nothing until all of it is (11-15 s), by when the job is far past the first mark: a window
            // between shares of the output would hold only the end of the run. So the whole run, from the first
            // record written to the last example committed, is counted; it includes the wait for the last watermark.
            boolean whole = beforeClock != null;
            Mark from = null;
            if (whole) {
                beforeClock.run();
                start = System.nanoTime();
                from = Mark.now(0);
            }
            input.run();
            // Counted by decision index (parsed from the key "d-0000000042"), so that a duplicate cannot stand in for
            // a missing example; parsing ten digits per record keeps this reader cheap next to the job.
            java.util.BitSet seen = new java.util.BitSet((int) expected);
            long examples = 0;
            long records = 0;
            long first = -1;
            long end;
            Mark to = null;
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
                        if (!spec.keyedByDecision()) {
                            examples++;
                            continue;
                        }
                        int i = decisionIndex(r.key());
                        if (i >= 0 && i < expected && !seen.get(i)) {
                            seen.set(i);
                            examples++;
                        }
                    }
                    if (!whole && !batch.isEmpty()) {
                        if (from == null && examples >= STEADY_FROM * expected) from = Mark.now(examples);
                        if (to == null && examples >= STEADY_TO * expected) to = Mark.now(examples);
                    }
                    if (examples >= expected) {
                        end = now;
                        break;
                    }
                    if (now >= nextReport) {
                        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
                        progress.printf(Locale.ROOT, label + ": %,d of %,d records committed, %,.0f records/s "
                                        + "(last %.0f s: %,.0f/s), job %s%n", examples, expected,
                                examples / seconds(now - start), seconds(now - lastTime),
                                (examples - lastCount) / seconds(now - lastTime), status);
                        if (status.isGloballyTerminalState()) {
                            throw new IllegalStateException("the " + label + " job ended (" + status + ") after " + examples
                                    + " of " + expected + " examples");
                        }
                        lastCount = examples;
                        lastTime = now;
                        nextReport = now + PROGRESS_EVERY_NANOS;
                    }
                    if (now > deadline) {
                        throw new IllegalStateException(label + ": only " + examples + " of " + expected
                                + " examples after " + seconds(now - start) + " s");
                    }
                }
            } catch (RuntimeException e) {
                cancel(job, progress);
                throw e;
            } catch (Exception e) {
                cancel(job, progress);
                throw new IllegalStateException(label + ": cannot read the job's status", e);
            }
            double secs = seconds(end - start);
            double firstSecs = seconds(first - start);
            // A run whose outputs came in too few polls to tell the two marks apart is measured to its last poll (from
            // is set: the last poll saw every output).
            if (whole || to == null || to.outputs() <= from.outputs()) to = Mark.now(examples);
            long cpuNanos = from.jobCpuTo(to);
            long measured = to.outputs() - from.outputs();
            String jit = to.kinds().isEmpty() ? "" : String.format(Locale.ROOT,
                    ", %.2f s of it the JIT compiler's", from.kindCpuTo(to, ThreadKind.JIT) / 1e9);
            progress.printf(Locale.ROOT, "%s: done, %,d records in %.2f s (first after %.2f s), %,.0f records/s; "
                            + "%.2f s of process CPU for %,d of them (%s)%s%n", label, examples, secs, firstSecs,
                    examples / secs, cpuNanos / 1e9, measured,
                    whole ? "from the start of the writing to the last" : "the steady part", jit);
            if (!to.kinds().isEmpty()) {
                progress.printf(Locale.ROOT, "%s: that CPU by thread: %s%n", label, from.byKind(to));
            }
            if (records != examples) {
                progress.printf(Locale.ROOT, "%s: WARNING %,d records for %,d distinct decisions%n", label, records,
                        examples);
            }
            cancel(job, progress);
            if (!spec.keyedByDecision()) {
                return new Joined(secs, firstSecs, examples, records - examples, 0, cpuNanos, measured);
            }
            // Not timed: check what came out (every example once, the expected share with a reward).
            long[] withReward = new long[1];
            long total = countAll(kafka, examplesTopic, v -> {
                if (contains(v, OBSERVED)) withReward[0]++;
            });
            if (total != records) {
                progress.printf(Locale.ROOT, "join: note: re-reading the examples topic found %,d records, %,d seen "
                        + "while timing%n", total, records);
            }
            return new Joined(secs, firstSecs, examples, records - examples, withReward[0], cpuNanos, measured);
        }
    }

    /**
     * The counters at one poll: outputs seen, this JVM's CPU, this reader thread's, and every thread's by kind (empty
     * where /proc cannot be read).
     */
    private record Mark(long outputs, long cpu, long readerCpu, EnumMap<ThreadKind, Long> kinds) {
        static Mark now(long outputs) {
            return new Mark(outputs, ProcessCpu.process(), ProcessCpu.thread(), ProcessCpu.byKind());
        }

        /** The job's CPU from this mark to a later one: the process's, less this reader thread's. */
        long jobCpuTo(Mark later) {
            return (later.cpu - cpu) - (later.readerCpu - readerCpu);
        }

        long kindCpuTo(Mark later, ThreadKind kind) {
            return later.kinds.getOrDefault(kind, 0L) - kinds.getOrDefault(kind, 0L);
        }

        /**
         * Each kind's CPU from this mark to a later one, in seconds and as a share of the job's, largest first; the
         * launcher's threads, where the reader runs, are left out as they are from the job's CPU.
         */
        String byKind(Mark later) {
            double job = Math.max(1, jobCpuTo(later));
            StringJoiner line = new StringJoiner(", ");
            Arrays.stream(ThreadKind.values())
                    .filter(k -> k != ThreadKind.MAIN && kindCpuTo(later, k) > 0)
                    .sorted(Comparator.comparingLong((ThreadKind k) -> kindCpuTo(later, k)).reversed())
                    .forEach(k -> line.add(String.format(Locale.ROOT, "%s %.2f s (%.0f %%)", k.label,
                            kindCpuTo(later, k) / 1e9, 100 * kindCpuTo(later, k) / job)));
            return line.toString();
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
