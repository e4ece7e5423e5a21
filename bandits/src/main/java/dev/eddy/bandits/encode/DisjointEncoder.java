package dev.eddy.bandits.encode;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.events.features.SparseVector;

import java.util.ArrayList;
import java.util.List;

/**
 * The "disjoint" encoding of a d-dimensional context for K actions: action a sees a vector of dimension d·K that
 * holds the context in block a and zeros elsewhere, so that a shared model can learn one weight set per action.
 * The standard encoding for supervised-to-bandit conversions (one action per class).
 */
public final class DisjointEncoder {
    private final int contextDim;
    private final int actions;

    public DisjointEncoder(int contextDim, int actions) {
        if (contextDim < 1 || actions < 1) throw new IllegalArgumentException("need contextDim >= 1 and actions >= 1");
        this.contextDim = contextDim;
        this.actions = actions;
    }

    public int dimension() {
        return contextDim * actions;
    }

    /** The round for a dense context (non-zero entries only are kept). */
    public BanditRound encode(float[] context) {
        if (context.length != contextDim) {
            throw new IllegalArgumentException("context has " + context.length + " values, expected " + contextDim);
        }
        int nnz = 0;
        for (float v : context) if (v != 0f) nnz++;
        List<SparseVector> out = new ArrayList<>(actions);
        for (int a = 0; a < actions; a++) {
            int[] idx = new int[nnz];
            float[] val = new float[nnz];
            int j = 0;
            for (int i = 0; i < contextDim; i++) {
                if (context[i] != 0f) {
                    idx[j] = a * contextDim + i;
                    val[j++] = context[i];
                }
            }
            out.add(new SparseVector(idx, val, dimension()));
        }
        return new BanditRound(out);
    }
}
