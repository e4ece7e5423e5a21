package dev.eddy.serving.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * {@link RankPathBenchmark}'s stages measured in CPU time of the measuring thread per operation rather than JMH's
 * wall time: on a machine shared with other builds a thread that waits for a core inflates wall time, not CPU time.
 * Same states, same data. Run: {@code serving/bench-cpu [maxDegree searchBeam overquery]}.
 */
public final class RankPathCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int maxDegree = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int searchBeam = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        float overquery = args.length > 2 ? Float.parseFloat(args[2]) : 1.0f;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        RankPathBenchmark.Catalogue c = new RankPathBenchmark.Catalogue();
        c.setup();
        RankPathBenchmark.Ann a = new RankPathBenchmark.Ann();
        a.maxDegree = maxDegree;
        a.searchBeam = searchBeam;
        a.overquery = overquery;
        a.setup(c);
        RankPathBenchmark.Bandit b = new RankPathBenchmark.Bandit();
        b.setup();
        RankPathBenchmark bench = new RankPathBenchmark();
        RankPathBenchmark.Cursor cur = new RankPathBenchmark.Cursor();
        measure("annTop100", seconds, i -> bench.annTop100(c, a, cur));
        measure("banditEncode100", seconds, i -> bench.banditEncode100(b, cur));
        measure("banditRank100", seconds, i -> bench.banditRank100(b, cur));
        measure("exactTop100", seconds, i -> bench.exactTop100(c, cur));
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
