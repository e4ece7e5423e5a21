package dev.eddy.jobs.replay;

import dev.eddy.bandits.core.Choice;

import java.util.SplittableRandom;

/** Drawing from a discrete distribution: the one piece of sampling every simple replay policy shares. */
final class Distributions {
    private Distributions() {}

    static Choice draw(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        int last = -1;
        for (int a = 0; a < p.length; a++) {
            if (p[a] <= 0) continue;
            last = a;
            cumulative += p[a];
            if (u < cumulative) return new Choice(a, p[a], p);
        }
        // Rounding can leave u just above the total; the last action with mass takes it.
        return new Choice(last, p[last], p);
    }

    static double[] uniform(int n) {
        double[] p = new double[n];
        java.util.Arrays.fill(p, 1.0 / n);
        return p;
    }
}
