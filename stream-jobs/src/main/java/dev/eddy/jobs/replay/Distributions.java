package dev.eddy.jobs.replay;

import dev.eddy.bandits.slate.Slate;

import java.util.SplittableRandom;

/** Drawing from a discrete distribution: the one piece of sampling the log-derived replay policies share. */
final class Distributions {
    private Distributions() {}

    /** A one-slot slate drawn from {@code p}, carrying {@code p} as its distribution. */
    static Slate draw(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        int last = -1;
        for (int a = 0; a < p.length; a++) {
            if (p[a] <= 0) continue;
            last = a;
            cumulative += p[a];
            if (u < cumulative) return slate(a, p);
        }
        // Rounding can leave u just above the total; the last action with mass takes it.
        return slate(last, p);
    }

    private static Slate slate(int a, double[] p) {
        return new Slate(new int[]{a}, new double[]{p[a]}, null, p);
    }
}
