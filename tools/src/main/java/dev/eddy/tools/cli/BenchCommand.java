package dev.eddy.tools.cli;

import picocli.CommandLine.Command;

/** Benchmarks of Eddy's jobs on this machine; each subcommand reports its figures side by side. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: run `eddy bench join --help`, `eddy bench learn --help`, `eddy bench retrain --help`, "
                + "`eddy bench experiments --help`, `eddy bench freshness --help`, `eddy bench load --help` or "
                + "`eddy bench models --help`.",
        subcommands = {BenchJoinCommand.class, BenchLearnCommand.class, BenchRetrainCommand.class,
                BenchExperimentsCommand.class, BenchFreshnessCommand.class, BenchLoadCommand.class,
                BenchModelsCommand.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
