package dev.eddy.tools.cli;

import dev.eddy.tools.bench.RetrainBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code eddy bench retrain}: one retrain of the retrain job on about 200k synthetic interactions. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Produce the synthetic set (5,000 users, 2,000 items, ~200k interactions) into an embedded broker, "
                + "run the retrain job (MiniCluster, RocksDB, exactly-once) until its first version is committed and "
                + "report the retrain's wall time and the checkpoints taken while it ran (PLD-BPR, MF, dim 64, 20 "
                + "epochs unless --set retrain.*=... says otherwise). Set OMP_NUM_THREADS=1 on shared machines.")
final class BenchRetrainCommand implements Callable<Integer> {

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "job config override, e.g. --set retrain.epochs=5")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        RetrainBenchmark.Result r = RetrainBenchmark.run(overrides, System.out);
        System.out.println();
        System.out.print(r.report());
        return 0;
    }
}
