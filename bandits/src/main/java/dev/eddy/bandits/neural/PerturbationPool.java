package dev.eddy.bandits.neural;

import java.util.SplittableRandom;

/**
 * The perturbation ε_t of {@link PerturbedRegression} read from one fixed pool instead of drawn afresh: a window of
 * the pool at a uniformly random cyclic offset, times a random sign, times σ. Drawing P Gaussians per round cost four
 * times the rest of a NeuFastCB round (12,481 parameters: about 80 µs of ziggurat against 35 µs); a window costs one
 * random word and a copy.
 *
 * <p><b>Why the first two moments stay exact.</b> The pool x (length L) has a flat power spectrum, |X_f|² = L at every
 * frequency f (random phases, built once by an inverse FFT), so its cyclic autocorrelation is exactly
 * r(k) = (1/L) Σ_n x[n] x[n+k] = δ_k. A window at offset o uniform in [0, L) therefore has
 * E[x[o+i] x[o+j]] = r(j − i) = δ_ij for any i, j within one window of length ≤ L, and the independent random sign s
 * makes its mean exactly zero. Longer parameter vectors are cut into chunks of L, each with its own offset and sign,
 * so chunks are uncorrelated too. Hence, conditionally on everything before round t (offset and sign are fresh and
 * independent of the history), E[ε_t] = 0 and Cov(ε_t) = σ² I exactly (to float rounding), as with Gaussian draws. The
 * perturbed loss's expectation, which is where the perturbation enters the analysis (the added σ²‖θ − θ₀‖² for the
 * squared loss, its second-order term for KL), depends on these two moments only. What differs from N(0, σ² I): each
 * coordinate's marginal is the pool's empirical distribution (a sum of L/2 random-phase sinusoids, Gaussian to within
 * a 1/L correction of the fourth moment), coordinates are uncorrelated but not independent, and ε_t takes one of 2L
 * values per chunk, drawn independently each round. See {@code PerturbationPoolTest} for the measured moments.
 */
final class PerturbationPool {
    static final int LENGTH = 1 << 18;
    private static final long POOL_SEED = 0x5EED_9E37_79B9L;

    /** Built on first use (about 3 MB), then shared by every learner of the JVM: it is read-only. */
    private static final class Holder {
        static final float[] VALUES = build(LENGTH, POOL_SEED);
        /** SQUARES[i] = Σ_{n<i} x[n]², so that a window's squared norm costs O(1). */
        static final double[] SQUARES = prefixSquares(VALUES);
    }

    static float[] values() {
        return Holder.VALUES;
    }

    private float sign;
    private double squaredNorm;

    /**
     * Fills {@code blocks} (the flat parameter order cut into consecutive arrays) with fresh signed windows, one per
     * chunk of {@link #LENGTH} coordinates, each chunk's offset and sign from one word of {@code random}. The first
     * chunk's sign is left out of the values and kept in {@link #sign} (the caller folds it into its scale), so the
     * usual case of a single chunk is a plain copy.
     */
    void draw(float[][] blocks, GaussianStream random) {
        float[] pool = Holder.VALUES;
        double[] squares = Holder.SQUARES;
        long total = 0;
        for (float[] block : blocks) total += block.length;
        long flat = 0;
        long chunkEnd = 0;
        int offset = 0;
        boolean flip = false;
        squaredNorm = 0;
        for (float[] block : blocks) {
            int j = 0;
            while (j < block.length) {
                if (flat == chunkEnd) {
                    long word = random.nextLong();
                    offset = (int) (word & (LENGTH - 1));
                    float s = word < 0 ? -1f : 1f;
                    if (flat == 0) sign = s;
                    flip = s != sign;
                    int length = (int) Math.min(LENGTH, total - flat);
                    squaredNorm += windowSquares(squares, offset, length);
                    chunkEnd = flat + length;
                }
                // One run that stays within the block, the chunk and the pool (no wrap).
                int src = (int) ((offset + flat % LENGTH) & (LENGTH - 1));
                int n = (int) Math.min(block.length - j, Math.min(chunkEnd - flat, LENGTH - src));
                System.arraycopy(pool, src, block, j, n);
                if (flip) {
                    for (int i = j; i < j + n; i++) block[i] = -block[i];
                }
                j += n;
                flat += n;
            }
        }
    }

    /** The sign of the last {@link #draw}'s first chunk: ε = σ · sign · blocks. */
    float sign() {
        return sign;
    }

    /** ‖blocks‖² after the last {@link #draw}. */
    double squaredNorm() {
        return squaredNorm;
    }

    private static double windowSquares(double[] squares, int start, int n) {
        int end = start + n;
        if (end <= LENGTH) return squares[end] - squares[start];
        return squares[LENGTH] - squares[start] + squares[end - LENGTH];
    }

    /** A real sequence with |X_f| = √L at every frequency and uniformly random phases. */
    static float[] build(int length, long seed) {
        if (Integer.bitCount(length) != 1 || length < 4) throw new IllegalArgumentException("length must be 2^k >= 4");
        SplittableRandom rng = new SplittableRandom(seed);
        double[] re = new double[length];
        double[] im = new double[length];
        double amplitude = Math.sqrt(length);
        // Frequencies 0 and L/2 are their own mirror images, so real: a random sign each.
        re[0] = rng.nextBoolean() ? amplitude : -amplitude;
        re[length / 2] = rng.nextBoolean() ? amplitude : -amplitude;
        for (int f = 1; f < length / 2; f++) {
            double phase = 2 * Math.PI * rng.nextDouble();
            re[f] = amplitude * Math.cos(phase);
            im[f] = amplitude * Math.sin(phase);
            re[length - f] = re[f];
            im[length - f] = -im[f];
        }
        Fft.inverse(re, im);
        float[] out = new float[length];
        for (int n = 0; n < length; n++) out[n] = (float) re[n];
        return out;
    }

    private static double[] prefixSquares(float[] x) {
        double[] s = new double[x.length + 1];
        for (int i = 0; i < x.length; i++) s[i + 1] = s[i] + (double) x[i] * x[i];
        return s;
    }

    /** In-place radix-2 FFT; only the pool's one-off construction uses it. */
    static final class Fft {
        private Fft() {}

        /** x[n] = (1/L) Σ_f X[f] e^{2πi fn/L}, in place. */
        static void inverse(double[] re, double[] im) {
            int n = re.length;
            for (int i = 1, j = 0; i < n; i++) {
                int bit = n >> 1;
                for (; (j & bit) != 0; bit >>= 1) j ^= bit;
                j ^= bit;
                if (i < j) {
                    double t = re[i]; re[i] = re[j]; re[j] = t;
                    t = im[i]; im[i] = im[j]; im[j] = t;
                }
            }
            // Twiddles from one table rather than a running product, whose rounding grows with the length.
            double[] cos = new double[n / 2];
            double[] sin = new double[n / 2];
            for (int k = 0; k < n / 2; k++) {
                cos[k] = Math.cos(2 * Math.PI * k / n);
                sin[k] = Math.sin(2 * Math.PI * k / n);
            }
            for (int len = 2; len <= n; len <<= 1) {
                int stride = n / len;
                for (int i = 0; i < n; i += len) {
                    for (int k = 0; k < len / 2; k++) {
                        int a = i + k;
                        int b = a + len / 2;
                        double uRe = cos[k * stride];
                        double uIm = sin[k * stride];
                        double tRe = re[b] * uRe - im[b] * uIm;
                        double tIm = re[b] * uIm + im[b] * uRe;
                        re[b] = re[a] - tRe;
                        im[b] = im[a] - tIm;
                        re[a] += tRe;
                        im[a] += tIm;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }
}
