package dev.eddy.recsys.data;

import java.util.SplittableRandom;

/**
 * Implicit feedback with planted preferences: users and items get random latent factors, and each user picks
 * items without replacement with probability proportional to exp(sharpness · ⟨z_u, w_i⟩ / √f + b_i), b_i an
 * item popularity. A model that recovers the factors ranks held-out items well; popularity alone does not.
 *
 * @param users          number of users
 * @param items          number of items
 * @param minPerUser     fewest interactions of a user
 * @param maxPerUser     most interactions of a user (uniform in between)
 * @param factors        latent dimension f
 * @param sharpness      how strongly the factors decide (0: popularity only)
 * @param popularitySd   standard deviation of the item popularity b_i
 */
public record SyntheticData(int users, int items, int minPerUser, int maxPerUser, int factors, double sharpness, double popularitySd) {
    public SyntheticData {
        if (users < 1 || items < 2 || minPerUser < 1 || maxPerUser < minPerUser || maxPerUser > items || factors < 1) {
            throw new IllegalArgumentException("invalid synthetic data shape");
        }
    }

    /** The set: 5,000 users, 2,000 items, about 200k interactions (10..70 per user, mean 40). */
    public static SyntheticData standard() {
        return new SyntheticData(5000, 2000, 10, 70, 8, 3.0, 0.5);
    }

    public ImplicitDataset generate(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] z = gaussian(users, factors, rng);
        double[][] w = gaussian(items, factors, rng);
        double[] bias = new double[items];
        for (int i = 0; i < items; i++) bias[i] = popularitySd * gaussian(rng);
        double scale = sharpness / Math.sqrt(factors);
        int[][] perUser = new int[users][];
        double[] keys = new double[items];
        for (int u = 0; u < users; u++) {
            int n = minPerUser + rng.nextInt(maxPerUser - minPerUser + 1);
            // Gumbel-top-n: the n largest of logit + Gumbel noise are a draw without replacement from softmax(logit).
            for (int i = 0; i < items; i++) {
                double dot = 0;
                for (int f = 0; f < factors; f++) dot += z[u][f] * w[i][f];
                keys[i] = scale * dot + bias[i] - Math.log(-Math.log(1.0 - rng.nextDouble()));
            }
            perUser[u] = topIndices(keys, n);
        }
        return new ImplicitDataset(IdIndex.sequential(users), IdIndex.sequential(items), UserItems.of(perUser));
    }

    private static int[] topIndices(double[] keys, int n) {
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(keys[b], keys[a]));
        int[] top = new int[n];
        for (int i = 0; i < n; i++) top[i] = order[i];
        return top;
    }

    private static double[][] gaussian(int rows, int cols, SplittableRandom rng) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int c = 0; c < cols; c++) row[c] = gaussian(rng);
        return m;
    }

    static double gaussian(SplittableRandom rng) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
