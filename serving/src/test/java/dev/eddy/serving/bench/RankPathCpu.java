package dev.eddy.serving.bench;

import dev.eddy.serving.retrieval.AnnTopK;
import dev.eddy.serving.retrieval.ItemRetriever;
import dev.eddy.serving.retrieval.ScoredItem;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * {@link RankPathBenchmark}'s stages measured in CPU time of the measuring thread per operation rather than JMH's
 * wall time: on a machine shared with other builds a thread that waits for a core inflates wall time, not CPU time.
 * Same states, same data. Run: {@code serving/bench-cpu [maxDegree beamWidth searchBeam[,searchBeam...] overquery seconds [all|ann|bandit]]}.
 */
public final class RankPathCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int maxDegree = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int beamWidth = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        // One or more search beams, comma-separated: each is measured (with its recall) on the same graph.
        String[] searchBeams = (args.length > 2 ? args[2] : "100").split(",");
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
            a.searchBeam = Integer.parseInt(searchBeams[0]);
            a.overquery = overquery;
            a.setup(c);
            AnnTopK built = a.ann;
            for (String beam : searchBeams) {
                a.ann = built.withSearchBeam(Integer.parseInt(beam));
                System.out.printf(Locale.ROOT, "[ann] searchBeam %s: recall@%d vs exact = %.4f%n", beam,
                        RankPathBenchmark.K, recall(c, a.ann));
                measure("annTop100/" + beam, seconds, i -> bench.annTop100(c, a, cur));
            }
            if (stages.equals("all")) measure("exactTop100", seconds, i -> bench.exactTop100(c, cur));
        }
        if (!stages.equals("ann")) {
            RankPathBenchmark.Bandit b = new RankPathBenchmark.Bandit();
            b.setup();
            measure("banditEncode100", seconds, i -> bench.banditEncode100(b, cur));
            measure("banditRank100", seconds, i -> bench.banditRank100(b, cur));
            measure("decisionJson100", seconds, i -> bench.decisionJson100(b, cur));
        }
    }

    static double recall(RankPathBenchmark.Catalogue c, ItemRetriever ann) {
        int hits = 0;
        for (int i = 0; i < RankPathBenchmark.QUERIES; i++) {
            Set<String> ex = c.seen.get(i);
            Set<String> truth = new HashSet<>();
            for (ScoredItem s : c.exact.topK(c.queries[i], RankPathBenchmark.K, ex::contains)) truth.add(s.id());
            for (ScoredItem s : ann.topK(c.queries[i], RankPathBenchmark.K, ex::contains)) if (truth.contains(s.id())) hits++;
        }
        return hits / (double) (RankPathBenchmark.K * RankPathBenchmark.QUERIES);
    }

    /** Warm-up for {@code seconds} of CPU, then three measured rounds of as long; prints CPU µs per op of each. */
    static void measure(String name, int seconds, IntConsumer op) {
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
