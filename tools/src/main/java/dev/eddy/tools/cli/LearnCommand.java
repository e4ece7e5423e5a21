package dev.eddy.tools.cli;

import dev.eddy.events.config.KafkaKeys;

import dev.eddy.jobs.learn.LearnerJob;
import dev.eddy.jobs.learn.LearnerSettings;
import dev.eddy.jobs.runtime.LearnerKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;

/** Runs the online learner, on a local MiniCluster or submitted through {@code flink run}. */
@Command(name = "learn", mixinStandardHelpOptions = true,
        description = "Run the online learner job: eddy.examples -> one learner per model (the decision's variant, "
                + "else its policy; learner.models says which learner) -> model versions in eddy.models "
                + "(invalid records -> eddy.dead-letters).")
final class LearnCommand implements Callable<Integer> {

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        // Its own consumer group and transactional ids unless the config names them: another job's would fence it.
        return job.launch(new JobLauncher(LearnerJob.NAME, "learn", LearnerSettings::from, LearnerJob::ensureTopics,
                        (env, c) -> LearnerJob.build(env, c, LearnerKafka.inputs(c), LearnerKafka.outputs(c))),
                job.load(Map.of(KafkaKeys.GROUP_ID.name(), LearnerJob.DEFAULT_GROUP)));
    }
}
