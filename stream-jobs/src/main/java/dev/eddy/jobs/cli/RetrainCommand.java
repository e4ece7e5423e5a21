package dev.eddy.jobs.cli;

import dev.eddy.jobs.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.retrain.RetrainJob;
import dev.eddy.jobs.retrain.RetrainSettings;
import dev.eddy.jobs.runtime.FlinkRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/** Runs the periodic retrain job, on a local MiniCluster or submitted through {@code flink run}. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Run the periodic retrain job: eddy.interactions -> per-user histories -> a recommender retrained "
                + "with DJL (PLD-BPR by default) every retrain.interval or retrain.every-interactions, gated on a "
                + "held-out slice -> delta versions in eddy.models (and the snapshot store when retrain.snapshot-dir is "
                + "set); new users folded in between retrains; invalid records -> eddy.dead-letters.")
final class RetrainCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--cluster", description = "use the environment of `flink run` (submit to a cluster) instead of a local MiniCluster")
    boolean cluster;

    @Override
    public Integer call() throws Exception {
        // Its own consumer group and transactional ids unless the config names them: another job's would fence it.
        EddyConfig c = options.load(Map.of(EddyKeys.GROUP_ID.name(), RetrainJob.DEFAULT_GROUP));
        RetrainSettings.from(c); // fail fast on bad retrain settings, before anything starts
        RetrainJob.ensureTopics(c);
        var env = FlinkRuntime.environment(c, cluster ? FlinkRuntime.Target.CONTEXT : FlinkRuntime.Target.LOCAL);
        RetrainJob.build(env, c);
        System.out.println("running " + RetrainJob.NAME + (cluster ? " on the cluster" : " on a local MiniCluster")
                + " (Ctrl-C stops a local run)");
        env.execute(RetrainJob.NAME);
        return 0;
    }
}
