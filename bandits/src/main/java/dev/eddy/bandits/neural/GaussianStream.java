package dev.eddy.bandits.neural;

/**
 * Gaussian noise from SplitMix64 whose whole state is one long, so that a learner's snapshot can carry it and a
 * restored learner draws the same perturbations ({@link java.util.SplittableRandom} does not expose its state).
 */
final class GaussianStream {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
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

    /** Fills {@code out} with independent N(0, σ²) draws (Box–Muller, both values of each pair used). */
    void fill(float[] out, double sigma) {
        for (int i = 0; i < out.length; i += 2) {
            double u1 = 1.0 - nextDouble(); // in (0, 1]: log stays finite
            double u2 = nextDouble();
            double r = sigma * Math.sqrt(-2.0 * Math.log(u1));
            double angle = 2.0 * Math.PI * u2;
            out[i] = (float) (r * Math.cos(angle));
            if (i + 1 < out.length) out[i + 1] = (float) (r * Math.sin(angle));
        }
    }

    private double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    private long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
