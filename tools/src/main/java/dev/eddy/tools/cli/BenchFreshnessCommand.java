package dev.eddy.tools.cli;

import dev.eddy.events.config.Durations;
import dev.eddy.tools.bench.FreshnessBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code eddy bench freshness}: reward event time to the first committed model version that includes it. */
@Command(name = "freshness", mixinStandardHelpOptions = true,
        description = "Run the join and learner jobs (one MiniCluster, RocksDB, exactly-once; broker and producer in a "
                + "child JVM) while producing decisions and their rewards at --rate pairs/s with event time = now, and "
                + "report the median and p99 time from a reward's event time to the first committed model version "
                + "whose update count includes its example. Defaults: checkpoint.interval=1s, learner.publish-interval=1s, join.window=500ms, "
                + "NeuFastCB sigma=0 at 2^7 dimensions; change them with --set.")
final class BenchFreshnessCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "1000", description = "decision+reward pairs per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--duration", defaultValue = "90s", converter = DurationConverter.class,
            description = "how long traffic runs, the warm-up included (default: ${DEFAULT-VALUE})")
    Duration duration;

    // A fresh JVM spends about its first minute compiling on two cores; a job that runs for days pays that once.
    // With a 5 s warm-up, 5,000 pairs/s measured a median of 12.4 s (the backlog of the JIT's minute), with 60 s
    // 2.4 s (issue #18).
    @Option(names = "--warmup", defaultValue = "60s", converter = DurationConverter.class,
            description = "rewards of the first part of the run are not scored: the JIT compilers' warm-up of a fresh "
                    + "JVM is not the steady state (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--cancel-after", converter = DurationConverter.class,
            description = "cancel the job this far into the run and restore it from its last retained checkpoint")
    Duration cancelAfter;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "job config override, e.g. --set checkpoint.interval=500ms")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (rate < 1) throw new IllegalArgumentException("--rate must be >= 1, was " + rate);
        if (warmup.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("--warmup (" + Durations.format(warmup) + ") must be shorter than --duration ("
                    + Durations.format(duration) + ")");
        }
        if (cancelAfter != null && (cancelAfter.isZero() || cancelAfter.isNegative() || cancelAfter.compareTo(duration) >= 0)) {
            throw new IllegalArgumentException("--cancel-after must be inside the run (0, " + Durations.format(duration) + ")");
        }
        var r = FreshnessBenchmark.run(new FreshnessBenchmark.Settings(rate, duration, warmup, cancelAfter, overrides),
                System.out);
        System.out.println();
        System.out.print(r.report());
        return r.freshness().uncovered() == 0 && r.versionsContiguous() && r.duplicateExamples() == 0 ? 0 : 1;
    }
}
