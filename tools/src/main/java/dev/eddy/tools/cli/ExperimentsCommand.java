package dev.eddy.tools.cli;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.jobs.experiments.ExperimentsJob;
import dev.eddy.jobs.experiments.ExperimentsSettings;
import dev.eddy.jobs.runtime.ExperimentsKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;

/** Runs the experiments job, on a local MiniCluster or submitted through {@code flink run}. */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        description = "Run the experiments job: eddy.decisions (exposures) + eddy.examples (rewards) + "
                + "eddy.interactions -> per-variant results of the experiments in experiments.file -> eddy.experiments "
                + "(invalid records -> eddy.dead-letters). The file is read here and travels with the job.")
final class ExperimentsCommand implements Callable<Integer> {

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        // Its own consumer group and transactional ids unless the config names them: another job's would fence it.
        EddyConfig c = job.load(Map.of(KafkaKeys.GROUP_ID.name(), ExperimentsJob.DEFAULT_GROUP));
        // Read once, before anything starts: a bad file fails here naming the key path, and the source and the job
        // see the same experiments.
        ExperimentsSettings settings = ExperimentsSettings.from(c);
        return job.launch(new JobLauncher(ExperimentsJob.NAME, "experiments", x -> {}, ExperimentsJob::ensureTopics,
                (env, cfg) -> ExperimentsJob.build(env, settings, ExperimentsKafka.inputs(cfg, settings),
                        ExperimentsKafka.outputs(cfg))), c);
    }
}
