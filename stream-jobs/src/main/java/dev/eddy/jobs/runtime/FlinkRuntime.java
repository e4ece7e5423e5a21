package dev.eddy.jobs.runtime;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.config.RocksDbCompression;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the Flink environment every Eddy job runs in: RocksDB keyed state with incremental checkpoints to a
 * configurable directory, exactly-once checkpointing, retained checkpoints (so that a stopped job can be
 * restored), and no Kryo fallback (every record type has a Flink serializer).
 */
public final class FlinkRuntime {
    /**
     * Managed memory per slot of the local MiniCluster, which RocksDB uses for its write buffers and block cache
     * unless {@code state.rocksdb.memory-per-slot} says otherwise. Flink gives a local cluster 128 MiB in all, shared
     * by its slots: in `eddy bench join` the join's memtables then filled every few seconds, and each read searched
     * many small files. 512 MiB per slot, together with the join's TTL state, took the join from 53-55 to 36-37
     * cpu-µs per record; 1 GiB gained nothing more (issue #18, stream-jobs README). It is a cap that RocksDB fills as
     * its state needs, not an allocation.
     */
    static final MemorySize LOCAL_MANAGED_MEMORY_PER_SLOT = MemorySize.parse("512mb");

    private FlinkRuntime() {}

    /** Where the job runs. */
    public enum Target {
        /** In this JVM on a Flink MiniCluster (the embedded default, tests, the demo). */
        LOCAL,
        /** Whatever environment the caller is in: `flink run` on a cluster, or local when run from an IDE. */
        CONTEXT
    }

    public static Configuration flinkConfiguration(EddyConfig c) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, c.get(EddyKeys.CHECKPOINT_INCREMENTAL));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, c.get(EddyKeys.CHECKPOINT_DIR));
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, c.get(EddyKeys.CHECKPOINT_INTERVAL));
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(5));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(30));
        // Timers on RocksDB by default. Heap timers are cheaper per registration, but with the RocksDB backend Flink
        // snapshots every live heap timer synchronously, in full, at each checkpoint, on the task thread: the join
        // keeps one timer per decision for the dedup retention (600,000 at 1,000 decisions/s and 10 minutes). In
        // `eddy bench join` (1M decisions) JFR found 33-37% of the task threads' samples in that snapshot with heap
        // timers and none with RocksDB timers, which are checkpointed incrementally and asynchronously.
        conf.setString("state.backend.rocksdb.timer-service.factory", c.get(EddyKeys.TIMER_SERVICE).name());
        conf.setString("state.backend.rocksdb.use-bloom-filter", String.valueOf(c.get(EddyKeys.BLOOM_FILTER)));
        String rocksDbMemory = c.get(EddyKeys.ROCKSDB_MEMORY_PER_SLOT);
        if (!rocksDbMemory.isEmpty()) conf.setString("state.backend.rocksdb.memory.fixed-per-slot", rocksDbMemory);
        conf.setString("state.backend.rocksdb.compression.per.level",
                RocksDbCompression.flinkLevels(c.get(EddyKeys.ROCKSDB_COMPRESSION)));
        String restore = c.get(EddyKeys.RESTORE_FROM);
        if (!restore.isBlank()) conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore);
        return conf;
    }

    public static StreamExecutionEnvironment environment(EddyConfig c, Target target) {
        Configuration conf = flinkConfiguration(c);
        int parallelism = c.get(EddyKeys.PARALLELISM);
        if (target == Target.LOCAL) {
            conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE,
                    LOCAL_MANAGED_MEMORY_PER_SLOT.multiply(Math.max(1, parallelism)));
            // The MiniCluster runs in this JVM: the command's status line reads its metrics from this reporter.
            conf.setString("metrics.reporter." + JobStatusReporter.NAME + ".factory.class",
                    JobStatusReporter.Factory.class.getName());
        }
        StreamExecutionEnvironment env = target == Target.LOCAL
                ? StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf)
                : StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /**
     * Cancels a job and waits until it has fully terminated: {@code cancel()} returns once the request is accepted,
     * but a restore from the job's last checkpoint, or a new job with the same transactional ids, must wait for the
     * old tasks to be gone. The result future completes (exceptionally, for a cancel) only then.
     */
    public static void cancelAndWait(JobClient job) throws Exception {
        job.cancel().get(60, TimeUnit.SECONDS);
        job.getJobExecutionResult().handle((result, error) -> null).get(60, TimeUnit.SECONDS);
    }
}
