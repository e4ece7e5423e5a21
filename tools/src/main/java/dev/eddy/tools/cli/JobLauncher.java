package dev.eddy.tools.cli;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.jobs.runtime.JobStatus;
import dev.eddy.serving.cli.BrokerCheck;
import dev.eddy.serving.cli.LogFile;
import dev.eddy.serving.cli.StatusLine;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What `eddy join`, `eddy learn`, `eddy retrain` and `eddy experiments` share: check the broker and the job's settings
 * before anything starts, create its topics, build it on a local MiniCluster or in the environment of `flink run`, and
 * run it until it ends. A local run prints a status line every {@link StatusLine#EVERY} and, when it stops (Ctrl-C,
 * or a failure), where its newest retained checkpoint is and the command that resumes from it.
 *
 * @param name          the Flink job name
 * @param command       the command's name (join, learn, ...), for the status line
 * @param checkSettings parses the job's settings from the config, failing fast on a bad key
 * @param ensureTopics  creates the topics the job reads and writes where missing
 * @param build         adds the job, on its Kafka inputs and outputs, to the environment
 */
record JobLauncher(String name, String command, Consumer<EddyConfig> checkSettings, Consumer<EddyConfig> ensureTopics,
                   BiConsumer<StreamExecutionEnvironment, EddyConfig> build) {

    /**
     * Runs the job; {@code args} are the command line's arguments as typed (the command's name among them), for the
     * command that resumes it.
     * Returns when the job ends, or when this thread is interrupted (the job is then cancelled).
     */
    int run(EddyConfig c, boolean cluster, List<String> args, PrintStream out) throws Exception {
        checkSettings.accept(c);
        BrokerCheck.require(KafkaClientProperties.from(c));
        ensureTopics.accept(c);
        StreamExecutionEnvironment env = FlinkRuntime.environment(c,
                cluster ? FlinkRuntime.Target.CONTEXT : FlinkRuntime.Target.LOCAL);
        build.accept(env, c);
        if (cluster) {
            out.println("running " + name + " on the cluster");
            env.execute(name);
            return 0;
        }
        JobClient job = env.executeAsync(name);
        String id = job.getJobID().toString();
        out.println("running " + name + " on a local MiniCluster (job " + id + "); checkpoints under "
                + c.get(EddyKeys.CHECKPOINT_DIR) + "; a status line every " + StatusLine.format(StatusLine.EVERY)
                + LogFile.path().map(p -> "; logs: " + p).orElse("") + ". Ctrl-C stops it.");
        out.flush();
        // Ctrl-C ends the JVM: the hook says where the run's state is before the MiniCluster goes.
        Thread hook = new Thread(() -> printResume(id, args, out), "eddy-" + command + "-resume");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (true) {
                try {
                    job.getJobExecutionResult().get(StatusLine.EVERY.toMillis(), TimeUnit.MILLISECONDS);
                    return 0;
                } catch (TimeoutException stillRunning) {
                    out.println(statusLine(command, JobStatus.of(id), Instant.now()));
                    out.flush();
                } catch (ExecutionException failed) {
                    printResume(id, args, out);
                    throw failed;
                } catch (InterruptedException stop) {
                    FlinkRuntime.cancelAndWait(job);
                    printResume(id, args, out);
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running.
            }
        }
    }

    static String statusLine(String command, JobStatus s, Instant now) {
        StatusLine line = StatusLine.of(command).count("in", s.recordsIn()).count("out", s.recordsOut())
                .duration("watermark lag", s.watermarkLag(now))
                .field("checkpoint", s.checkpointId() == 0 ? "none yet" : "#" + s.checkpointId());
        if (command.equals("learn") || command.equals("retrain")) line.count("versions", s.versionsPublished());
        return line.toString();
    }

    private void printResume(String jobId, List<String> args, PrintStream out) {
        JobStatus s = JobStatus.of(jobId);
        if (s.checkpointPath() == null) {
            out.println(command + " stopped before its first checkpoint completed: nothing to resume from");
        } else {
            out.println(command + " stopped; its newest retained checkpoint is " + s.checkpointPath());
            out.println("resume with: ./eddy " + resumeArgs(args, s.checkpointPath()));
        }
        out.flush();
    }

    /** The arguments as typed, without an earlier job.restore-from, plus the checkpoint to restore. */
    static String resumeArgs(List<String> args, String checkpoint) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--set") && i + 1 < args.size() && args.get(i + 1).startsWith(EddyKeys.RESTORE_FROM.name() + "=")) {
                i++;
                continue;
            }
            if (a.startsWith("--set=" + EddyKeys.RESTORE_FROM.name() + "=")) continue;
            b.append(quoted(a)).append(' ');
        }
        return b.append("--set ").append(quoted(EddyKeys.RESTORE_FROM.name() + "=" + checkpoint)).toString();
    }

    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
