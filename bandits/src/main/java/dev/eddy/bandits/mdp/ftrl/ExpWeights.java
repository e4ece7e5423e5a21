package dev.eddy.bandits.mdp.ftrl;

/**
 * The FTRL step with the negative-entropy regularizer, p = argmin_{p ∈ Δ} η⟨p, L⟩ + Σ_a p_a ln p_a, whose solution
 * is exponential weights p_a ∝ exp(−η L_a). Algorithm 2 of Dai et al. uses it once the magnitude-reduced estimator
 * has bounded the loss estimates below; unlike {@link LogBarrierFtrl} it has no floor on p_a.
 *
 * <p>The weights are computed as exp(−η(L_a − min L)): every exponent is ≤ 0, so nothing overflows, and the
 * minimising action has weight exactly 1, so the normaliser is ≥ 1 and never underflows. Actions whose weight
 * underflows get probability 0, which is their true probability to double precision.
 */
public final class ExpWeights {

    private ExpWeights() {
    }

    /**
     * Writes exponential weights over the first {@code actions} entries of {@code cumulativeLoss} into
     * {@code out}. Allocation-free.
     *
     * @param eta the learning rate, finite and ≥ 0 (0 gives the uniform distribution)
     */
    public static void solve(double[] cumulativeLoss, int actions, double eta, double[] out) {
        LogBarrierFtrl.checkArguments(cumulativeLoss, actions, eta, out);
        double min = LogBarrierFtrl.minimum(cumulativeLoss, actions);
        double sum = 0;
        for (int a = 0; a < actions; a++) {
            double w = Math.exp(-eta * (cumulativeLoss[a] - min));
            out[a] = w;
            sum += w;
        }
        double inv = 1.0 / sum;
        for (int a = 0; a < actions; a++) out[a] *= inv;
    }
}
