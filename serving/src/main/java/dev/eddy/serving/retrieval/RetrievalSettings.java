package dev.eddy.serving.retrieval;

import java.util.Locale;
import java.util.concurrent.ForkJoinPool;

/**
 * How serving retrieves over a catalogue.
 *
 * @param exactUpTo       catalogues up to this many items use the exact scan only; larger ones get an approximate index
 * @param index           which approximate index
 * @param ann             the graph's settings
 * @param ivf             the inverted file's settings
 * @param annBuildThreads threads that build an index in the background (1 leaves the other cores to requests)
 * @param rebuildCpuShare share of one core that building the index of a new version may take while an older
 *                        version of the model is served (the first version builds at full speed)
 */
public record RetrievalSettings(int exactUpTo, AnnIndex index, AnnTopK.Params ann, IvfTopK.Params ivf,
                                int annBuildThreads, double rebuildCpuShare) {
    public static final RetrievalSettings DEFAULT = new RetrievalSettings(Retrievers.DEFAULT_EXACT_UP_TO, AnnIndex.IVF,
            AnnTopK.Params.DEFAULT, IvfTopK.Params.DEFAULT, 1, 0.5);

    /** The graph with these settings, rebuilt at half a core. */
    public RetrievalSettings(int exactUpTo, AnnTopK.Params ann, int annBuildThreads) {
        this(exactUpTo, AnnIndex.GRAPH, ann, IvfTopK.Params.DEFAULT, annBuildThreads, 0.5);
    }

    public RetrievalSettings {
        if (exactUpTo < 0) throw new IllegalArgumentException("exactUpTo must be >= 0, was " + exactUpTo);
        if (index == null) throw new IllegalArgumentException("index is missing");
        if (ann == null) throw new IllegalArgumentException("ann settings are missing");
        if (ivf == null) throw new IllegalArgumentException("ivf settings are missing");
        if (annBuildThreads < 1) throw new IllegalArgumentException("annBuildThreads must be >= 1, was " + annBuildThreads);
        if (!(rebuildCpuShare > 0 && rebuildCpuShare <= 1)) {
            throw new IllegalArgumentException("rebuildCpuShare must be in (0, 1], was " + rebuildCpuShare);
        }
    }

    public RetrievalSettings withAnnBuildThreads(int threads) {
        return new RetrievalSettings(exactUpTo, index, ann, ivf, threads, rebuildCpuShare);
    }

    public RetrievalSettings withExactUpTo(int items) {
        return new RetrievalSettings(items, index, ann, ivf, annBuildThreads, rebuildCpuShare);
    }

    public RetrievalSettings withIvf(IvfTopK.Params params) {
        return new RetrievalSettings(exactUpTo, index, ann, params, annBuildThreads, rebuildCpuShare);
    }

    public RetrievalSettings withIndex(AnnIndex kind) {
        return new RetrievalSettings(exactUpTo, kind, ann, ivf, annBuildThreads, rebuildCpuShare);
    }

    /**
     * The approximate index of these settings over {@code rows}, at {@code cpuShare} of a core when below 1. The
     * inverted file is calibrated on {@code queries} (the served user vectors) and, should it not reach its recall
     * target within its scan limit, the graph is built instead: queries that point nowhere in particular need a large
     * share of the lists, where the graph costs less.
     */
    public BuiltIndex buildIndex(String[] ids, float[] rows, int dim, float[][] queries, ForkJoinPool pool, double cpuShare) {
        if (index == AnnIndex.IVF) {
            IvfTopK ivf = IvfTopK.build(ids, rows, dim, this.ivf, pool, cpuShare);
            IvfTopK.Calibration c = ivf.calibrate(queries, CALIBRATION_K, new ExactTopK(ids, rows, dim), cpuShare);
            String found = String.format(Locale.ROOT, "recall@%d %.4f on %d queries at %d of %d lists", c.k(), c.recall(),
                    c.queries(), c.probes(), ivf.lists());
            if (c.reached()) return new BuiltIndex(ivf.withProbes(c.probes()), "ivf, " + found);
            return new BuiltIndex(AnnTopK.build(ids, rows, dim, ann, pool, cpuShare),
                    "graph: the inverted file reached only " + found + " (target " + this.ivf.targetRecall() + ")");
        }
        return new BuiltIndex(AnnTopK.build(ids, rows, dim, ann, pool, cpuShare), "graph");
    }

    /** Recall is calibrated for this many items per query, serving.retrieve's default. */
    public static final int CALIBRATION_K = 100;

    /** An approximate index and what it is, for the log. */
    public record BuiltIndex(ItemRetriever retriever, String description) {}
}
