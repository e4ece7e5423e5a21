package dev.eddy.serving.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * {@link RankPathBenchmark}'s stages measured in CPU time of the measuring thread per operation rather than JMH's
 * wall time: on a machine shared with other builds a thread that waits for a core inflates wall time, not CPU time.
 * Same states, same data. Run: {@code serving/bench-cpu [maxDegree beamWidth searchBeam overquery seconds [all|ann|bandit]]}.
 */
public final class RankPathCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int maxDegree = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int beamWidth = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int searchBeam = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        float overquery = args.length > 3 ? Float.parseFloat(args[3]) : 1.0f;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        String stages = args.length > 5 ? args[5] : "all";
        RankPathBenchmark bench = new RankPathBenchmark();
        RankPathBenchmark.Cursor cur = new RankPathBenchmark.Cursor();
        if (!stages.equals("bandit")) {
            RankPathBenchmark.Catalogue c = new RankPathBenchmark.Catalogue();
            c.setup();
            RankPathBenchmark.Ann a = new RankPathBenchmark.Ann();
            a.maxDegree = maxDegree;
            a.beamWidth = beamWidth;
            a.searchBeam = searchBeam;
            a.overquery = overquery;
            a.setup(c);
            measure("annTop100", seconds, i -> bench.annTop100(c, a, cur));
            if (stages.equals("all")) measure("exactTop100", seconds, i -> bench.exactTop100(c, cur));
        }
        if (!stages.equals("ann")) {
            RankPathBenchmark.Bandit b = new RankPathBenchmark.Bandit();
            b.setup();
            measure("banditEncode100", seconds, i -> bench.banditEncode100(b, cur));
            measure("banditRank100", seconds, i -> bench.banditRank100(b, cur));
        }
    }

    /** Warm-up for {@code seconds} of CPU, then three measured rounds of as long; prints CPU µs per op of each. */
    private static void measure(String name, int seconds, IntConsumer op) {
        run(op, seconds * 1_000_000_000L);
        StringBuilder rounds = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            double perOp = run(op, seconds * 1_000_000_000L);
            rounds.append(String.format(Locale.ROOT, " %.1f", perOp));
        }
        System.out.printf(Locale.ROOT, "[cpu] %-16s CPU µs/op per round:%s%n", name, rounds);
    }

    private static double run(IntConsumer op, long cpuNanos) {
        long start = THREADS.getCurrentThreadCpuTime();
        long ops = 0;
        long used;
        do {
            for (int i = 0; i < 64; i++) op.accept(i);
            ops += 64;
            used = THREADS.getCurrentThreadCpuTime() - start;
        } while (used < cpuNanos);
        return used / 1e3 / ops;
    }
}
