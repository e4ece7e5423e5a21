package dev.eddy.tools.cli;

import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.join.JoinSettings;
import dev.eddy.jobs.runtime.JoinKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;

/** Runs the decision–reward join, on a local MiniCluster or submitted through {@code flink run}. */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = "Run the decision-reward join job: eddy.decisions + eddy.rewards -> eddy.examples "
                + "(invalid and late records -> eddy.dead-letters).")
final class JoinCommand implements Callable<Integer> {

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        return job.launch(new JobLauncher(JoinJob.NAME, "join", JoinSettings::from, JoinJob::ensureTopics,
                (env, c) -> JoinJob.build(env, c, JoinKafka.inputs(c), JoinKafka.outputs(c))), job.load(Map.of()));
    }
}
