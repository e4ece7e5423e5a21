package dev.eddy.jobs.runtime;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.experiments.ExperimentsJob;
import dev.eddy.jobs.experiments.ExperimentsSettings;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.learn.LearnerJob;
import dev.eddy.jobs.retrain.RetrainJob;
import org.apache.flink.core.execution.JobClient;

import java.util.Map;

/**
 * The join, the online learner and the periodic retrain job (and, when an experiments file is configured, the
 * experiments job) built into one Flink job on a local MiniCluster: one cluster, one checkpoint for all of them (their
 * operator uids do not overlap), one restore. The embedded whole loop:
 * decisions + rewards → examples → bandit model versions, and interactions → recommender versions, all in
 * {@code eddy.models}. Retraining trains with DJL inside the same JVM and takes most of the cores while it runs; give
 * it a schedule ({@code retrain.every-interactions}, {@code retrain.interval}) that leaves the others room.
 */
public final class JoinLearnRetrain {

    /**
     * The jobs' settings. Each needs its own {@code kafka.group-id} (consumer group and transactional-id prefix), or
     * their sinks would fence each other; checkpointing and restore are taken from {@link #join}. {@code experiments}
     * is null when no experiments file is configured: then the experiments job is left out.
     */
    public record Configs(EddyConfig join, EddyConfig learn, EddyConfig retrain, EddyConfig experiments) {
        /**
         * The same {@code values} for all, with the groups {@code <group>-join}, {@code -learn}, {@code -retrain} and
         * {@code -experiments}; the experiments job only where {@code experiments.file} is set.
         */
        public static Configs of(Map<String, String> values, String group) {
            EddyConfig experiments = JoinAndLearn.config(values, group + "-experiments");
            return new Configs(JoinAndLearn.config(values, group + "-join"), JoinAndLearn.config(values, group + "-learn"),
                    JoinAndLearn.config(values, group + "-retrain"),
                    experiments.get(EddyKeys.EXPERIMENTS_FILE).isBlank() ? null : experiments);
        }
    }

    private JoinLearnRetrain() {}

    /** Creates the topics of all of them where missing. */
    public static void ensureTopics(Configs c) {
        JoinAndLearn.ensureTopics(c.join(), c.learn());
        RetrainJob.ensureTopics(c.retrain());
        if (c.experiments() != null) ExperimentsJob.ensureTopics(c.experiments());
    }

    /** Submits all of them as one job, restored from {@code restoreFrom} (a checkpoint or savepoint URI) unless null. */
    public static JobClient start(Configs c, String restoreFrom, String name) throws Exception {
        if (restoreFrom != null) c.join().set("job.restore-from", restoreFrom);
        var env = FlinkRuntime.environment(c.join(), FlinkRuntime.Target.LOCAL);
        JoinJob.build(env, c.join(), JoinKafka.inputs(c.join()), JoinKafka.outputs(c.join()));
        LearnerJob.build(env, c.learn(), LearnerKafka.inputs(c.learn()), LearnerKafka.outputs(c.learn()));
        RetrainJob.build(env, c.retrain(), RetrainKafka.inputs(c.retrain()), RetrainKafka.outputs(c.retrain()));
        if (c.experiments() != null) {
            // The file is read once here; the settings travel with the job (the deserializer needs them too).
            ExperimentsSettings settings = ExperimentsSettings.from(c.experiments());
            ExperimentsJob.build(env, settings, ExperimentsKafka.inputs(c.experiments(), settings),
                    ExperimentsKafka.outputs(c.experiments()));
        }
        return env.executeAsync(name);
    }
}
