package dev.eddy.tools.cli;

import dev.eddy.tools.bench.JoinBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code eddy bench join}: the join's CPU per input record next to a stateless passthrough's, in one run. */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = "Produce N decisions (+ rewards) into a broker in a child JVM, run the join job (MiniCluster, "
                + "RocksDB, exactly-once, checkpoints every 2 s) and a stateless passthrough job on them in this JVM, and "
                + "report each one's process CPU per input record and their ratio.")
final class BenchJoinCommand implements Callable<Integer> {

    @Option(names = "--decisions", defaultValue = "1000000", description = "decisions to push (default: ${DEFAULT-VALUE})")
    int decisions;

    @Option(names = "--reward-rate", defaultValue = "0.3", description = "fraction of decisions with a reward (default: ${DEFAULT-VALUE})")
    double rewardRate;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions per input topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--parallelism", defaultValue = "2", description = "parallelism of the join job (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--candidates", defaultValue = "5", description = "candidates per decision (default: ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--waiting", defaultValue = "0", description = "decisions that wait in the join's state (never "
            + "joined), taken in before the rest of the input is written: the cost per record as state grows "
            + "(default: ${DEFAULT-VALUE})")
    int waiting;

    @Option(names = "--rounds", defaultValue = "1", description = "run the join and then the passthrough this many "
            + "times on the same input and end with the medians (the ratio: of each round's own); a shared machine's "
            + "load moves single runs by a fifth or more (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "broker log and checkpoints (default: a temporary directory)")
    Path workDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "job config override, e.g. --set checkpoint.interval=5s")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--json", paramLabel = "FILE", description = "also write the figures as JSON to FILE")
    Path json;

    @Option(names = "--print-config", description = "print the job's effective configuration")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        var options = new JoinBenchmark.Options(decisions, rewardRate, partitions, parallelism, candidates, workDir, verbose,
                waiting, rounds);
        JoinBenchmark.Rounds r = JoinBenchmark.run(options, overrides, System.out);
        System.out.println();
        System.out.print(r.report());
        System.out.print(r.summary());
        if (json != null) Files.writeString(json, r.toJson());
        return r.complete() ? 0 : 1;
    }
}
