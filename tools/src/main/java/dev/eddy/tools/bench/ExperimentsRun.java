package dev.eddy.tools.bench;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.jobs.experiments.ExperimentsJob;
import dev.eddy.jobs.experiments.ExperimentsSettings;
import dev.eddy.jobs.runtime.ExperimentsKafka;
import dev.eddy.jobs.runtime.FlinkRuntime;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.eddy.tools.bench.JoinBenchmark.PROGRESS_EVERY_NANOS;
import static dev.eddy.tools.bench.JoinBenchmark.seconds;

/** Runs the experiments job on the local MiniCluster and times it until its final read-out is committed. */
final class ExperimentsRun {

    private ExperimentsRun() {}

    /**
     * @param seconds      submission to the final read-out, committed
     * @param firstSeconds submission to the first committed read-out
     * @param readOuts     read-outs committed, the final one included
     * @param last         the final read-out
     */
    record Measured(double seconds, double firstSeconds, long readOuts, ExperimentResults last) {}

    static Measured run(EddyConfig config, long timeoutMs, PrintStream progress) {
        try (KafkaConsumer<String, byte[]> consumer =
                     CommittedReader.fromBeginning(KafkaClientProperties.from(config), List.of(config.get(KafkaKeys.TOPIC_EXPERIMENTS)))) {
            // Assign before the job starts, so that the reader is ready when the first read-out commits.
            consumer.poll(Duration.ZERO);
            ExperimentsSettings settings = ExperimentsSettings.from(config);
            StreamExecutionEnvironment env = FlinkRuntime.environment(config, FlinkRuntime.Target.LOCAL);
            ExperimentsJob.build(env, settings, ExperimentsKafka.inputs(config, settings), ExperimentsKafka.outputs(config));
            progress.println("experiments: submitting the job");
            long start = System.nanoTime();
            JobClient job;
            try {
                job = env.executeAsync(ExperimentsJob.NAME);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the experiments job", e);
            }
            long first = -1;
            long readOuts = 0;
            ExperimentResults latest = null;
            try {
                long nextReport = start + PROGRESS_EVERY_NANOS;
                long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
                while (latest == null || !latest.ended()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (first < 0) first = System.nanoTime();
                        latest = EventJson.parseExperimentResults(r.value());
                        readOuts++;
                    }
                    long now = System.nanoTime();
                    if (now >= nextReport) {
                        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
                        progress.printf(Locale.ROOT, "experiments: %,d read-outs committed, data until %s, job %s%n",
                                readOuts, latest == null ? "-" : latest.dataUntil(), status);
                        if (status.isGloballyTerminalState()) {
                            throw new IllegalStateException("the experiments job ended (" + status + ") before its "
                                    + "final read-out");
                        }
                        nextReport = now + PROGRESS_EVERY_NANOS;
                    }
                    if (now > deadline) {
                        throw new IllegalStateException("experiments: no final read-out after " + seconds(now - start) + " s");
                    }
                }
            } catch (RuntimeException e) {
                cancel(job, progress);
                throw e;
            } catch (Exception e) {
                cancel(job, progress);
                throw new IllegalStateException("experiments: cannot read the job's status or output", e);
            }
            double secs = seconds(System.nanoTime() - start);
            progress.printf(Locale.ROOT, "experiments: done, final read-out after %.2f s (first after %.2f s), "
                    + "%,d read-outs%n", secs, seconds(first - start), readOuts);
            cancel(job, progress);
            return new Measured(secs, seconds(first - start), readOuts, latest);
        }
    }

    private static void cancel(JobClient job, PrintStream progress) {
        try {
            job.cancel().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            progress.println("experiments: cancelling the job failed: " + e);
        }
    }
}
