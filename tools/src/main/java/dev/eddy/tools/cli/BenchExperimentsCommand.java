package dev.eddy.tools.cli;

import dev.eddy.tools.bench.ExperimentsBenchmark;
import dev.eddy.tools.bench.JoinBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code eddy bench experiments}: the experiments job's throughput next to the join's, in one run. */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        description = "Push N decisions (+ rewards) through the join job and then its examples, the decisions and N/2 "
                + "interactions through the experiments job (embedded broker, MiniCluster, RocksDB, exactly-once); "
                + "report both jobs' events/s (submission to last committed output) and their ratio.")
final class BenchExperimentsCommand implements Callable<Integer> {

    @Option(names = "--decisions", defaultValue = "200000", description = "decisions to push (default: ${DEFAULT-VALUE})")
    int decisions;

    @Option(names = "--reward-rate", defaultValue = "0.3", description = "fraction of decisions with a reward (default: ${DEFAULT-VALUE})")
    double rewardRate;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions per input topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--parallelism", defaultValue = "2", description = "parallelism of both jobs (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--candidates", defaultValue = "5", description = "candidates per decision (default: ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "broker log and checkpoints (default: a temporary directory)")
    Path workDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "config override of both jobs, e.g. --set experiments.emit-every=1s")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() {
        var options = new JoinBenchmark.Options(decisions, rewardRate, partitions, parallelism, candidates, workDir, false);
        ExperimentsBenchmark.Result r = ExperimentsBenchmark.run(options, overrides, System.out);
        System.out.println();
        System.out.print(r.report());
        return r.complete() ? 0 : 1;
    }
}
