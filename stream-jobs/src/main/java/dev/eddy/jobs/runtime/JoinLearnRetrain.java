package dev.eddy.jobs.runtime;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.learn.LearnerJob;
import dev.eddy.jobs.retrain.RetrainJob;
import org.apache.flink.core.execution.JobClient;

import java.util.Map;

/**
 * The join, the online learner and the periodic retrain job built into one Flink job on a local MiniCluster: one
 * cluster, one checkpoint for all three (their operator uids do not overlap), one restore. The embedded whole loop:
 * decisions + rewards → examples → bandit model versions, and interactions → recommender versions, all in
 * {@code eddy.models}. Retraining trains with DJL inside the same JVM and takes most of the cores while it runs; give
 * it a schedule ({@code retrain.every-interactions}, {@code retrain.interval}) that leaves the others room.
 */
public final class JoinLearnRetrain {

    /**
     * The three jobs' settings. Each needs its own {@code kafka.group-id} (consumer group and transactional-id prefix),
     * or their sinks would fence each other; checkpointing and restore are taken from {@link #join}.
     */
    public record Configs(EddyConfig join, EddyConfig learn, EddyConfig retrain) {
        /** The same {@code values} for all three, with the groups {@code <group>-join}, {@code -learn}, {@code -retrain}. */
        public static Configs of(Map<String, String> values, String group) {
            return new Configs(JoinAndLearn.config(values, group + "-join"), JoinAndLearn.config(values, group + "-learn"),
                    JoinAndLearn.config(values, group + "-retrain"));
        }
    }

    private JoinLearnRetrain() {}

    /** Creates the topics of all three where missing. */
    public static void ensureTopics(Configs c) {
        JoinAndLearn.ensureTopics(c.join(), c.learn());
        RetrainJob.ensureTopics(c.retrain());
    }

    /** Submits all three as one job, restored from {@code restoreFrom} (a checkpoint or savepoint URI) unless null. */
    public static JobClient start(Configs c, String restoreFrom, String name) throws Exception {
        if (restoreFrom != null) c.join().set("job.restore-from", restoreFrom);
        var env = FlinkRuntime.environment(c.join(), FlinkRuntime.Target.LOCAL);
        JoinJob.build(env, c.join(), JoinKafka.inputs(c.join()), JoinKafka.outputs(c.join()));
        LearnerJob.build(env, c.learn(), LearnerKafka.inputs(c.learn()), LearnerKafka.outputs(c.learn()));
        RetrainJob.build(env, c.retrain(), RetrainKafka.inputs(c.retrain()), RetrainKafka.outputs(c.retrain()));
        return env.executeAsync(name);
    }
}
