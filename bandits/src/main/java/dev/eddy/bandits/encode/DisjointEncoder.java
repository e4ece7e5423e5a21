package dev.eddy.bandits.encode;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.events.features.SparseVector;

import java.util.ArrayList;
import java.util.List;

/**
 * The "disjoint" encoding of a d-dimensional context for K actions: action a sees a vector of dimension b·K that
 * holds the context in block a (of b coordinates) and zeros elsewhere, so that a shared model can learn one weight
 * set per action. The standard encoding for supervised-to-bandit conversions (one action per class).
 *
 * <p>{@link #withConstant}: each block ends with a constant 1 (b = d + 1), so that each action has its own
 * intercept, as Vowpal Wabbit's {@code cbify} gives each action's copy of the example its own constant feature.
 */
public final class DisjointEncoder {
    private final int contextDim;
    private final int actions;
    private final boolean constant;

    /** Blocks of the context alone (b = d). */
    public DisjointEncoder(int contextDim, int actions) {
        this(contextDim, actions, false);
    }

    /** Blocks of the context and a constant 1 (b = d + 1): a per-action intercept. */
    public static DisjointEncoder withConstant(int contextDim, int actions) {
        return new DisjointEncoder(contextDim, actions, true);
    }

    private DisjointEncoder(int contextDim, int actions, boolean constant) {
        if (contextDim < 1 || actions < 1) throw new IllegalArgumentException("need contextDim >= 1 and actions >= 1");
        this.contextDim = contextDim;
        this.actions = actions;
        this.constant = constant;
    }

    /** The coordinates of one action's block: d, or d + 1 with the constant. */
    public int blockDimension() {
        return contextDim + (constant ? 1 : 0);
    }

    public int dimension() {
        return blockDimension() * actions;
    }

    /** The round for a dense context (non-zero entries only are kept). */
    public BanditRound encode(float[] context) {
        if (context.length != contextDim) {
            throw new IllegalArgumentException("context has " + context.length + " values, expected " + contextDim);
        }
        int nnz = 0;
        for (float v : context) if (v != 0f) nnz++;
        int[] idx = new int[nnz];
        float[] val = new float[nnz];
        int j = 0;
        for (int i = 0; i < contextDim; i++) {
            if (context[i] != 0f) {
                idx[j] = i;
                val[j++] = context[i];
            }
        }
        return encode(idx, val);
    }

    /** The round for a sparse context of dimension d (e.g. hashed, with interactions). */
    public BanditRound encode(SparseVector context) {
        if (context.dimension() != contextDim) {
            throw new IllegalArgumentException("context has dimension " + context.dimension() + ", expected " + contextDim);
        }
        return encode(context.indices(), context.values());
    }

    private BanditRound encode(int[] contextIndex, float[] contextValue) {
        int nnz = contextIndex.length + (constant ? 1 : 0);
        int block = blockDimension();
        List<SparseVector> out = new ArrayList<>(actions);
        for (int a = 0; a < actions; a++) {
            int[] idx = new int[nnz];
            float[] val = new float[nnz];
            for (int j = 0; j < contextIndex.length; j++) {
                idx[j] = a * block + contextIndex[j];
                val[j] = contextValue[j];
            }
            if (constant) {
                idx[nnz - 1] = a * block + contextDim;
                val[nnz - 1] = 1f;
            }
            out.add(new SparseVector(idx, val, dimension()));
        }
        return new BanditRound(out);
    }
}
