package dev.eddy.tools.cli;

import dev.eddy.events.config.KafkaKeys;

import dev.eddy.jobs.retrain.RetrainJob;
import dev.eddy.jobs.retrain.RetrainSettings;
import dev.eddy.jobs.runtime.RetrainKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;

/** Runs the periodic retrain job, on a local MiniCluster or submitted through {@code flink run}. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Run the periodic retrain job: eddy.interactions -> per-user histories -> a recommender retrained "
                + "with DJL (PLD-BPR by default) every retrain.interval or retrain.every-interactions, gated on a "
                + "held-out slice -> delta versions in eddy.models (and the snapshot store when retrain.snapshot-dir is "
                + "set); new users folded in between retrains; rollback commands for retrain.model from eddy.control "
                + "(`eddy rollback`) republish a kept version; invalid records -> eddy.dead-letters.")
final class RetrainCommand implements Callable<Integer> {

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        // Its own consumer group and transactional ids unless the config names them: another job's would fence it.
        return job.launch(new JobLauncher(RetrainJob.NAME, "retrain", RetrainSettings::from, RetrainJob::ensureTopics,
                        (env, c) -> RetrainJob.build(env, c, RetrainKafka.inputs(c), RetrainKafka.outputs(c))),
                job.load(Map.of(KafkaKeys.GROUP_ID.name(), RetrainJob.DEFAULT_GROUP)));
    }
}
