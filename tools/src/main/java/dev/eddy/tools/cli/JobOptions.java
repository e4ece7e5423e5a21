package dev.eddy.tools.cli;

import dev.eddy.events.config.EddyConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;

/** What every job command (join, learn, retrain, experiments) takes: the config options and where the job runs. */
final class JobOptions {

    @Mixin
    ConfigOptions config;

    @Option(names = "--cluster", description = "use the environment of `flink run` (submit to a cluster) instead of a local MiniCluster")
    boolean cluster;

    // The command's spec, not this mixin's: its original arguments make the resume command printed on exit.
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The config; {@code defaults} sit below the file and the overrides. */
    EddyConfig load(Map<String, String> defaults) {
        return config.load(defaults);
    }

    int launch(JobLauncher launcher, EddyConfig c) throws Exception {
        return launcher.run(c, cluster, command.commandLine().getParseResult().originalArgs(), System.out);
    }
}
