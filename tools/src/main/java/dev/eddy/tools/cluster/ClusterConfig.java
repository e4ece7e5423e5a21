package dev.eddy.tools.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Eddy config of the local cluster, one file that the jobs (read by their main() in the JobManager) and both
 * serving processes read: the three brokers, replication 3, checkpoints in the shared folder, and the demo's light
 * model settings (the machine is small). The experiments file splits traffic between the bandit the learner job
 * learns, the retrain job's MF model and uniform.
 */
public final class ClusterConfig {
    /** The experiment serving splits the cluster demo's traffic by. */
    public static final String EXPERIMENT = "cluster";
    public static final String BANDIT = "neucb";
    public static final String MF_MODEL = "recs";
    /** Topic partitions: as many subtasks get input at parallelism 2 and at 3. */
    public static final int PARTITIONS = 6;
    static final String CHECKPOINT_INTERVAL = "3s";

    private ClusterConfig() {}

    public static void write(ClusterLayout layout) throws IOException {
        Path experiments = layout.dir().resolve("experiments.yaml");
        Files.writeString(experiments, """
                experiments:
                  - id: %s
                    status: running
                    salt: eddy-cluster-1
                    default: uniform
                    control: uniform
                    metrics:
                      - name: click-rate
                        type: reward-rate
                    variants:
                      - name: %s
                        weight: 50
                        policy: neucb
                        banditModel: %s
                      - name: mf
                        weight: 25
                        policy: mf-topk
                        model: %s
                      - name: uniform
                        weight: 25
                        policy: uniform
                """.formatted(EXPERIMENT, BANDIT, BANDIT, MF_MODEL));
        Files.writeString(layout.eddyProperties(), String.join("\n",
                "# eddy cluster: the config of the local cluster's jobs and serving processes (written by `eddy cluster start`).",
                "kafka.bootstrap-servers=" + layout.bootstrap(),
                "topics.replication=3",
                "topics.partitions=" + PARTITIONS,
                "job.parallelism=2",
                "checkpoint.dir=" + layout.checkpoints().toUri(),
                "checkpoint.interval=" + CHECKPOINT_INTERVAL,
                "join.window=2s",
                "join.max-out-of-orderness=1s",
                "join.idleness=5s",
                "join.dedup-retention=1m",
                "learner.models=" + BANDIT + "=neufastcb:sigma=0,drift=on",
                "learner.default=none",
                "learner.hashing-bits=8",
                "learner.hashing-crosses=user:item",
                "learner.publish-every-updates=0",
                "learner.publish-interval=1s",
                "learner.idleness=5s",
                "retrain.model=" + MF_MODEL,
                "retrain.interval=10s",
                "retrain.every-interactions=1500",
                "retrain.history-max-age=60s",
                "retrain.min-interactions=150",
                "retrain.epochs=10",
                "retrain.warmup-epochs=2",
                "retrain.dim=16",
                "retrain.batch-size=64",
                "retrain.learning-rate=0.02",
                "retrain.device=cpu",
                "retrain.snapshot-dir=" + layout.dir().resolve("snapshots"),
                "experiments.file=" + experiments,
                "serving.experiments-file=" + experiments,
                "serving.default-policy=uniform",
                "serving.default-model=" + MF_MODEL,
                ""));
    }
}
