package dev.eddy.bandits.eval;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.encode.DisjointEncoder;
import dev.eddy.events.features.FeatureHasher;
import dev.eddy.events.features.SparseVector;
import dev.eddy.events.readers.ClassificationDataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The standard supervised-to-bandit conversion of a classification data set: one action per class, reward 1 for
 * the true class and 0 otherwise, so that the learner sees only the reward of the class it picked.
 *
 * <p>Contexts are standardized per feature with the mean and (population) standard deviation of the whole data
 * set, {@code z = (x - mean) / std}, and a constant feature becomes 0. The raw UCI columns differ in scale by orders
 * of magnitude (integer-coded categories next to physical measurements), and gradient-based learners with one
 * learning rate for all weights would otherwise be tuned to the data set's units rather than compared. Using the
 * whole set's statistics leaks nothing about labels; it is the usual preprocessing of these benchmarks.
 *
 * <p>The standardized context is encoded with {@link DisjointEncoder#withConstant}: dimension {@code (d+1)·K}, the
 * context and a constant 1 in the block of the action, so that each action has its own intercept (as VW's
 * {@code cbify} gives each action's copy of the example its own constant feature). With {@link Interactions}, the
 * context is first hashed with its quadratic crosses ({@code 2^bits} coordinates a block, then the constant).
 */
public final class SupervisedToBandit {

    private final ClassificationDataset dataset;
    private final float[][] contexts;
    private final DisjointEncoder encoder;
    private final Interactions interactions;
    private final FeatureHasher hasher;
    private final SparseVector[] hashed;

    /** The plain conversion: the standardized columns, no interactions. */
    public SupervisedToBandit(ClassificationDataset dataset) {
        this(dataset, Interactions.none());
    }

    public SupervisedToBandit(ClassificationDataset dataset, Interactions interactions) {
        if (dataset.size() == 0) throw new IllegalArgumentException("data set '" + dataset.name() + "' has no examples");
        if (dataset.numClasses() < 2) {
            throw new IllegalArgumentException("data set '" + dataset.name() + "' has " + dataset.numClasses()
                    + " class(es); a bandit needs at least 2 actions");
        }
        this.dataset = dataset;
        this.contexts = standardize(dataset.features(), dataset.featureNames().size());
        this.interactions = interactions;
        this.hasher = interactions.hashing().map(FeatureHasher::new).orElse(null);
        this.hashed = hasher == null ? null : new SparseVector[dataset.size()];
        int block = hasher == null ? Math.max(1, contextDimension()) : hasher.dimension();
        this.encoder = DisjointEncoder.withConstant(block, dataset.numClasses());
    }

    private static float[][] standardize(float[][] rows, int d) {
        int n = rows.length;
        double[] mean = new double[d];
        double[] m2 = new double[d];
        // Welford, in double: shuttle has 58,000 rows with values in the thousands.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double x = rows[i][j];
                double delta = x - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (x - mean[j]);
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) std[j] = Math.sqrt(m2[j] / n);
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = std[j] > 1e-12 ? (float) ((rows[i][j] - mean[j]) / std[j]) : 0f;
            }
        }
        return out;
    }

    public ClassificationDataset dataset() {
        return dataset;
    }

    public int examples() {
        return dataset.size();
    }

    /** The number of actions K: one per class. */
    public int actions() {
        return dataset.numClasses();
    }

    /** The context dimension d (the number of features). */
    public int contextDimension() {
        return dataset.featureNames().size();
    }

    public Interactions interactions() {
        return interactions;
    }

    /** The joint feature dimension the learners see: {@code (d+1)·K}, or {@code (2^bits+1)·K} with interactions. */
    public int dimension() {
        return encoder.dimension();
    }

    /** The standardized context of an example (a copy). */
    public float[] context(int example) {
        return contexts[example].clone();
    }

    /** The true class of an example, i.e. the one action with reward 1. */
    public int label(int example) {
        return dataset.labels()[example];
    }

    /** The round an example becomes: one disjointly encoded action vector per class. */
    public BanditRound round(int example) {
        if (hasher != null) return encoder.encode(hashedContext(example));
        float[] c = contexts[example];
        // A data set without features still gets one (zero) column, so that the encoder has a dimension.
        return encoder.encode(c.length == 0 ? new float[1] : c);
    }

    /** The example's columns as namespace {@link Interactions#NAMESPACE}, hashed with the crosses; kept once made. */
    private SparseVector hashedContext(int example) {
        SparseVector v = hashed[example];
        if (v == null) {
            List<String> names = dataset.featureNames();
            Map<String, Double> features = new LinkedHashMap<>();
            float[] c = contexts[example];
            for (int j = 0; j < c.length; j++) features.put(names.get(j), (double) c[j]);
            v = hasher.hash(Map.of(Interactions.NAMESPACE, features));
            hashed[example] = v;
        }
        return v;
    }

    /** 1 if {@code action} is the true class of {@code example}, else 0. */
    public double reward(int example, int action) {
        if (action < 0 || action >= actions()) {
            throw new IllegalArgumentException("action " + action + " outside 0.." + (actions() - 1));
        }
        return action == label(example) ? 1.0 : 0.0;
    }

    /**
     * The examples of {@code rounds} rounds in a seeded random order: a prefix of a seeded permutation when
     * {@code rounds <= n} (every example at most once), else draws with replacement.
     */
    public int[] order(int rounds, long seed) {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
        int n = examples();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] out = new int[rounds];
        if (rounds <= n) {
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) perm[i] = i;
            // Fisher–Yates, stopped after the prefix we need.
            for (int i = 0; i < rounds; i++) {
                int j = i + rng.nextInt(n - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                out[i] = perm[i];
            }
        } else {
            for (int i = 0; i < rounds; i++) out[i] = rng.nextInt(n);
        }
        return out;
    }
}
