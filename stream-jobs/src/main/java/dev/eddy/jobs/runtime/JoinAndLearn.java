package dev.eddy.jobs.runtime;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.learn.LearnerJob;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

import java.util.HashMap;
import java.util.Map;

/**
 * The join job and the learner job built into one Flink job on a local MiniCluster: one cluster, one checkpoint for
 * both (their operator uids do not overlap). Used by {@code eddy bench freshness} and {@code eddy demo}.
 */
public final class JoinAndLearn {

    private JoinAndLearn() {}

    /**
     * The same settings with their own {@code kafka.group-id}: the join and the learner each need their own consumer
     * group and transactional-id prefix, or their sinks would fence each other.
     */
    public static EddyConfig config(Map<String, String> values, String group) {
        Map<String, String> v = new HashMap<>(values);
        v.put("kafka.group-id", group);
        return EddyConfig.of(v, EddyKeys.all());
    }

    /** Creates both jobs' topics where missing. */
    public static void ensureTopics(EddyConfig join, EddyConfig learn) {
        JoinJob.ensureTopics(join);
        LearnerJob.ensureTopics(learn);
    }

    /** Submits both as one job, restored from {@code restoreFrom} (a checkpoint URI) unless it is null. */
    public static JobClient start(EddyConfig join, EddyConfig learn, String restoreFrom, String name) throws Exception {
        if (restoreFrom != null) join.set("job.restore-from", restoreFrom);
        var env = FlinkRuntime.environment(join, FlinkRuntime.Target.LOCAL);
        JoinJob.build(env, join, JoinKafka.inputs(join), JoinKafka.outputs(join));
        LearnerJob.build(env, learn, LearnerKafka.inputs(learn), LearnerKafka.outputs(learn));
        return env.executeAsync(name);
    }

    /** Waits until the job runs: before that, its sources read nothing and a version can not appear. */
    public static void awaitRunning(JobClient job) throws Exception {
        while (job.getJobStatus().get() != JobStatus.RUNNING) Thread.sleep(100);
    }
}
