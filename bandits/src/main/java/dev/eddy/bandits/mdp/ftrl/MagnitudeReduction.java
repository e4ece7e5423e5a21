package dev.eddy.bandits.mdp.ftrl;

/**
 * The magnitude-reduced loss estimate of Dai et al.'s Algorithm 2: Ẑ = Z − min(Z, 0) + E[min(Z, 0)] =
 * max(Z, 0) + E[min(Z, 0)]. It has the mean of Z, it is bounded below by E[min(Z, 0)] (a constant, however negative
 * a single Z may be), and E[Ẑ²] ≤ 4·E[Z²]; the bound below is what lets exponential weights (negative-entropy
 * FTRL) use it, where the raw linear estimate with its arbitrarily negative values would blow the weights up.
 */
public final class MagnitudeReduction {
    private MagnitudeReduction() {}

    /** Ẑ for one sample {@code z}, given E[min(Z, 0)] (≤ 0). */
    public static double reduce(double z, double meanNegativePart) {
        if (!(meanNegativePart <= 0)) throw new IllegalArgumentException("E[min(Z, 0)] must be ≤ 0, was " + meanNegativePart);
        return Math.max(z, 0) + meanNegativePart;
    }

    /** The Monte Carlo estimate of E[min(Z, 0)] from independent samples of Z (0 for none). */
    public static double meanNegativePart(double[] samples, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.min(samples[i], 0);
        return n == 0 ? 0 : sum / n;
    }
}
