package dev.eddy.bandits.explore;

import java.util.SplittableRandom;

/**
 * Inverse gap weighting over predicted losses: the exploration of SquareCB (Foster & Rakhlin 2020) and FastCB
 * (Foster & Krishnamurthy 2021). Actions predicted to be much worse than the best get little probability, and the
 * rest of the mass goes to the best.
 */
public final class InverseGapWeighting {
    private InverseGapWeighting() {}

    /**
     * SquareCB: p_a = 1 / (K + γ (ŷ_a − ŷ_b)) for a ≠ b, with b the action of least predicted loss; p_b takes the rest.
     * Writes into {@code out} (length ≥ K) and returns b.
     */
    public static int squareCb(double[] predictedLoss, int k, double gamma, double[] out) {
        int best = argmin(predictedLoss, k);
        double rest = 0;
        for (int a = 0; a < k; a++) {
            if (a == best) continue;
            out[a] = 1.0 / (k + gamma * (predictedLoss[a] - predictedLoss[best]));
            rest += out[a];
        }
        out[best] = Math.max(0.0, 1.0 - rest);
        return best;
    }

    /**
     * FastCB: on predicted losses in [0, 1], p_a = ŷ_b / (K ŷ_b + γ (ŷ_a − ŷ_b)) for a ≠ b, p_b the rest. When the best
     * predicted loss is 0 this puts all mass on b; a small floor keeps every action reachable, as the analysis
     * assumes losses bounded away from 0 only through the prediction.
     */
    public static int fastCb(double[] predictedLoss, int k, double gamma, double[] out) {
        int best = argmin(predictedLoss, k);
        double yb = Math.max(predictedLoss[best], 1e-6);
        double rest = 0;
        for (int a = 0; a < k; a++) {
            if (a == best) continue;
            out[a] = yb / (k * yb + gamma * (predictedLoss[a] - predictedLoss[best]));
            rest += out[a];
        }
        out[best] = Math.max(0.0, 1.0 - rest);
        return best;
    }

    /** Draws an index from the first {@code k} entries of {@code p} (which sum to 1). */
    public static int sample(double[] p, int k, SplittableRandom rng) {
        double u = rng.nextDouble();
        double acc = 0;
        for (int a = 0; a < k; a++) {
            acc += p[a];
            if (u < acc) return a;
        }
        // Rounding left u above the sum: take the last action with mass.
        for (int a = k - 1; a >= 0; a--) if (p[a] > 0) return a;
        return k - 1;
    }

    static int argmin(double[] v, int k) {
        int best = 0;
        for (int a = 1; a < k; a++) if (v[a] < v[best]) best = a;
        return best;
    }
}
