package dev.eddy.bandits.neural;

/**
 * Gaussian noise from SplitMix64 whose whole state is one long, so that a learner's snapshot can carry it and a
 * restored learner draws the same perturbations ({@link java.util.SplittableRandom} does not expose its state).
 *
 * <p>The learner's rounds take one uniform word each from it ({@link #nextLong}: where the perturbation's window of
 * {@link PerturbationPool} starts). Gaussian draws use Marsaglia and Tsang's ziggurat (128 layers); they were the
 * perturbation itself until one draw per parameter per round proved four times the cost of the rest of the round. Each
 * draw takes its layer index and its value from different bits of one 64-bit word, which avoids the correlation that
 * Doornik (2005) found in the original's shared bits.
 */
final class GaussianStream {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double R = 3.442619855899;
    private static final long[] K = new long[128];
    private static final double[] W = new double[128];
    private static final double[] F = new double[128];

    static {
        double m1 = 2147483648.0;
        double vn = 9.91256303526217e-3;
        double dn = R;
        double tn = dn;
        double q = vn / Math.exp(-0.5 * dn * dn);
        K[0] = (long) ((dn / q) * m1);
        K[1] = 0;
        W[0] = q / m1;
        W[127] = dn / m1;
        F[0] = 1.0;
        F[127] = Math.exp(-0.5 * dn * dn);
        for (int i = 126; i >= 1; i--) {
            dn = Math.sqrt(-2.0 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
            K[i + 1] = (long) ((dn / tn) * m1);
            tn = dn;
            F[i] = Math.exp(-0.5 * dn * dn);
            W[i] = dn / m1;
        }
    }

    private long state;

    GaussianStream(long seed) {
        this.state = seed;
    }

    long state() {
        return state;
    }

    void setState(long state) {
        this.state = state;
    }

    /** Fills {@code out} with independent N(0, σ²) draws. */
    void fill(float[] out, double sigma) {
        for (int i = 0; i < out.length; i++) out[i] = (float) (sigma * next());
    }

    /** One N(0, 1) draw. */
    double next() {
        while (true) {
            long bits = nextLong();
            int hz = (int) (bits >>> 32);
            int iz = (int) (bits & 127);
            double x = hz * W[iz];
            if (Math.abs((long) hz) < K[iz]) return x;
            if (iz == 0) return tail(hz > 0);
            // The wedge between layers: accept against the density itself.
            if (F[iz] + nextDouble() * (F[iz - 1] - F[iz]) < Math.exp(-0.5 * x * x)) return x;
        }
    }

    private double tail(boolean positive) {
        double x;
        double y;
        do {
            x = -Math.log(1.0 - nextDouble()) / R;
            y = -Math.log(1.0 - nextDouble());
        } while (y + y < x * x);
        return positive ? R + x : -R - x;
    }

    private double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** One uniform 64-bit word (SplitMix64). */
    long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
