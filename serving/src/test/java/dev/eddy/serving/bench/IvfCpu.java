package dev.eddy.serving.bench;

import dev.eddy.serving.retrieval.AnnTopK;
import dev.eddy.serving.retrieval.IvfTopK;

import java.util.Locale;
import java.util.concurrent.ForkJoinPool;

/**
 * The inverted-file retriever against the graph on {@link RankPathBenchmark}'s catalogue, queries and exclusions, in
 * CPU time per query with recall@100 beside each setting, all in one JVM. Run:
 * {@code serving/bench-cpu-ivf [lists[,lists...] probes[,probes...] seconds [graph]]} (lists 0: the default, 2·√n).
 */
public final class IvfCpu {
    public static void main(String[] args) {
        String[] listsArg = (args.length > 0 ? args[0] : "0").split(",");
        String[] probesArg = (args.length > 1 ? args[1] : Integer.toString(IvfTopK.Params.DEFAULT.probes())).split(",");
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean graph = args.length > 3 && args[3].equals("graph");
        RankPathBenchmark.Catalogue c = new RankPathBenchmark.Catalogue();
        c.setup();
        RankPathBenchmark.Cursor cur = new RankPathBenchmark.Cursor();
        for (String lists : listsArg) {
            IvfTopK.Params p = new IvfTopK.Params(Integer.parseInt(lists), 1, IvfTopK.Params.DEFAULT.iterations(),
                    IvfTopK.Params.DEFAULT.sample(), IvfTopK.Params.DEFAULT.seed());
            long start = System.nanoTime();
            IvfTopK built = IvfTopK.build(c.catalogue.ids(), c.catalogue.rows(), RankPathBenchmark.DIM, p);
            System.out.printf(Locale.ROOT, "[ivf] %d lists: built in %.1f s on this thread%n", built.lists(), (System.nanoTime() - start) / 1e9);
            ForkJoinPool cores = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
            try {
                long parallelStart = System.nanoTime();
                IvfTopK.build(c.catalogue.ids(), c.catalogue.rows(), RankPathBenchmark.DIM, p, cores, 1.0);
                System.out.printf(Locale.ROOT, "[ivf] built again in %.1f s on %d threads%n",
                        (System.nanoTime() - parallelStart) / 1e9, cores.getParallelism());
            } finally {
                cores.shutdown();
            }
            // Calibrated as serving does, on 200 users (other than the measured queries) of random clusters.
            java.util.SplittableRandom users = new java.util.SplittableRandom(99);
            float[][] sample = new float[200][];
            for (int u = 0; u < sample.length; u++) {
                sample[u] = dev.eddy.serving.retrieval.RandomCatalogue.clusteredQuery(RankPathBenchmark.DIM,
                        RankPathBenchmark.CLUSTERS, RankPathBenchmark.SEED, users.nextInt(RankPathBenchmark.CLUSTERS), users);
            }
            long calStart = System.nanoTime();
            IvfTopK.Calibration cal = built.calibrate(sample, RankPathBenchmark.K, c.exact, 1.0);
            System.out.printf(Locale.ROOT, "[ivf] calibrated in %.1f s: %s%n", (System.nanoTime() - calStart) / 1e9, cal);
            for (String probes : probesArg) {
                IvfTopK ivf = built.withProbes(Integer.parseInt(probes));
                System.out.printf(Locale.ROOT, "[ivf] %d lists, %s probes: recall@%d vs exact = %.4f%n", built.lists(), probes,
                        RankPathBenchmark.K, RankPathCpu.recall(c, ivf));
                RankPathCpu.measure("ivf/" + built.lists() + "/" + probes, seconds, i -> {
                    int q = cur.next++ & (RankPathBenchmark.QUERIES - 1);
                    ivf.topK(c.queries[q], RankPathBenchmark.K, c.seen.get(q)::contains);
                });
            }
        }
        if (graph) {
            long start = System.nanoTime();
            AnnTopK ann = AnnTopK.build(c.catalogue.ids(), c.catalogue.rows(), RankPathBenchmark.DIM, AnnTopK.Params.DEFAULT,
                    ForkJoinPool.commonPool());
            System.out.printf(Locale.ROOT, "[ann] default graph: built in %.1f s, recall@%d = %.4f%n",
                    (System.nanoTime() - start) / 1e9, RankPathBenchmark.K, RankPathCpu.recall(c, ann));
            RankPathCpu.measure("annTop100", seconds, i -> {
                int q = cur.next++ & (RankPathBenchmark.QUERIES - 1);
                ann.topK(c.queries[q], RankPathBenchmark.K, c.seen.get(q)::contains);
            });
        }
    }
}
