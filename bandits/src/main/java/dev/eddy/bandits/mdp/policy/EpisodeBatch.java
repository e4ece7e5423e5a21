package dev.eddy.bandits.mdp.policy;

import dev.eddy.bandits.mdp.Episode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The episodes of one batch of a linear-Q FTRL policy, played while the policy was frozen, and what the estimator
 * needs from them: per step h, the policy's feature covariance Σ_h = Σ_e Σ_a π(a|s_{e,h}) φφᵀ summed over the
 * batch's visited states, and per episode the feature of each action taken and the losses.
 *
 * <p>Why the batch's own states: with Σ̂_h the batch average and the policy frozen over the batch, the batch sum of
 * θ̂_e = (γI + Σ̂_h)⁻¹ φ(s_{e,h}, a_{e,h}) L_{e,h} has conditional mean, given the visited states, (γI + Σ̂_h)⁻¹ Σ̂_h
 * · n·w_h = n·w_h up to the ridge, where Q_h = ⟨φ, w_h⟩ is the frozen policy's Q-function: the estimate is
 * unbiased whatever the batch size, as long as the covariance and the actions come from the same policy.
 */
final class EpisodeBatch {
    private final int horizon;
    private final int d;
    private final double[][] covSum;   // [h][d*d]
    private final long[] covCount;     // [h]
    private final List<double[][]> taken = new ArrayList<>(); // per episode: [len][d] φ of the action taken
    private final List<double[]> losses = new ArrayList<>();  // per episode: [len]

    EpisodeBatch(int horizon, int d) {
        this.horizon = horizon;
        this.d = d;
        covSum = new double[horizon][d * d];
        covCount = new long[horizon];
    }

    /** Adds one episode; {@code pi[h]} is the frozen policy's π(·|s_h) at the state visited at step h. */
    void add(Episode e, double[][] pi) {
        int len = e.length();
        double[][] phis = new double[len][];
        for (int h = 0; h < len; h++) {
            double[][] f = e.features()[h];
            for (int a = 0; a < f.length; a++) Dense.addOuter(covSum[h], f[a], pi[h][a]);
            covCount[h]++;
            phis[h] = f[e.actions()[h]].clone();
        }
        taken.add(phis);
        losses.add(e.losses().clone());
    }

    int size() {
        return taken.size();
    }

    /** Σ̂⁺_h = (γI + Σ_h / n_h)⁻¹ per step; a step no episode reached gets γ⁻¹I, which no estimate then uses. */
    double[][] inverses(double gamma) {
        double[][] inv = new double[horizon][];
        for (int h = 0; h < horizon; h++) {
            inv[h] = Dense.ridgeInverse(covSum[h], d, covCount[h] == 0 ? 0 : 1.0 / covCount[h], gamma);
        }
        return inv;
    }

    /** φ of the action taken at each step of episode {@code i} of the batch. */
    double[][] taken(int i) {
        return taken.get(i);
    }

    double[] losses(int i) {
        return losses.get(i);
    }

    void clear() {
        for (double[] c : covSum) java.util.Arrays.fill(c, 0);
        java.util.Arrays.fill(covCount, 0);
        taken.clear();
        losses.clear();
    }

    void copyFrom(EpisodeBatch other) {
        clear();
        for (int h = 0; h < horizon; h++) {
            covCount[h] = other.covCount[h];
            System.arraycopy(other.covSum[h], 0, covSum[h], 0, d * d);
        }
        taken.addAll(other.taken);
        losses.addAll(other.losses);
    }

    int bytes() {
        int n = 4 + horizon * 8 + horizon * d * d * 8;
        for (double[][] t : taken) n += 4 + t.length * (d + 1) * 8;
        return n;
    }

    void put(ByteBuffer b) {
        for (long c : covCount) b.putLong(c);
        Dense.put(b, covSum);
        b.putInt(taken.size());
        for (int i = 0; i < taken.size(); i++) {
            b.putInt(taken.get(i).length);
            Dense.put(b, taken.get(i));
            for (double l : losses.get(i)) b.putDouble(l);
        }
    }

    void get(ByteBuffer b) {
        clear();
        for (int h = 0; h < horizon; h++) covCount[h] = b.getLong();
        Dense.get(b, covSum);
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            int len = b.getInt();
            if (len < 1 || len > horizon) throw new IllegalArgumentException("corrupt snapshot: episode of " + len + " steps");
            double[][] t = new double[len][d];
            Dense.get(b, t);
            double[] l = new double[len];
            for (int h = 0; h < len; h++) l[h] = b.getDouble();
            taken.add(t);
            losses.add(l);
        }
    }
}
