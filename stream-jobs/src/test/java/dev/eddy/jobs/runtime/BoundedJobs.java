package dev.eddy.jobs.runtime;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a job on bounded test sources to its end, on a MiniCluster configured as every Eddy job is. */
public final class BoundedJobs {
    private BoundedJobs() {}

    /**
     * The production environment of {@link FlinkRuntime} (RocksDB, checkpoints, no Kryo), except that a failure
     * fails the job: the production restart strategy would retry it forever and the test would wait for nothing.
     */
    public static StreamExecutionEnvironment environment(EddyConfig c) {
        Configuration conf = FlinkRuntime.flinkConfiguration(c);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        int parallelism = c.get(EddyKeys.PARALLELISM);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** Runs the job until its sources are read and everything is written, failing after {@code timeout}. */
    public static void run(StreamExecutionEnvironment env, String name, Duration timeout) throws Exception {
        JobClient job = env.executeAsync(name);
        try {
            job.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            FlinkRuntime.cancelAndWait(job);
            throw new AssertionError(name + " did not finish within " + timeout, e);
        }
    }
}
