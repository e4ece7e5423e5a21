package dev.eddy.tools.cli;

import dev.eddy.tools.bench.LearnBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code eddy bench learn}: the learner job's throughput on pre-produced examples. */
@Command(name = "learn", mixinStandardHelpOptions = true,
        description = "Produce N joined examples (10 candidates, one model) into an embedded broker, run the learner "
                + "job (MiniCluster, RocksDB, exactly-once) on them and report examples/s (NeuFastCB 2x64 at 2^7 "
                + "dimensions unless --set learner.models=... says otherwise).")
final class BenchLearnCommand implements Callable<Integer> {

    @Option(names = "--examples", defaultValue = "1000000", description = "examples to push (default: ${DEFAULT-VALUE})")
    int examples;

    @Option(names = "--warmup", defaultValue = "0.3", description = "share of the examples learned before the steady "
            + "rate and CPU are measured, while the JIT compiles (default: ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "job config override, e.g. --set learner.models=prod=neufastcb:sigma=0")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (examples < 10) throw new IllegalArgumentException("--examples must be >= 10, was " + examples);
        if (!(warmup >= 0 && warmup < 0.9)) throw new IllegalArgumentException("--warmup must be in [0, 0.9), was " + warmup);
        LearnBenchmark.Result r = LearnBenchmark.run(examples, warmup, overrides, System.out);
        System.out.println();
        System.out.print(r.report());
        return r.updates() == examples ? 0 : 1;
    }
}
