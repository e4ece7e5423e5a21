package dev.eddy.recsys.serving.model;

import dev.eddy.bandits.core.Choice;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Slots 2..k for learners without a slate of their own, by the scheme NeuCB's {@code chooseSlate} uses: slot 1 is
 * the learner's own {@code choose}; each further slot draws from the first-slot distribution renormalised over the
 * candidates not yet placed, and its propensity is that renormalised probability; once the remaining candidates have
 * no mass left (a greedy learner), the rest are placed uniformly at random with propensity 1 / (candidates left).
 */
final class SlateSampler {
    private SlateSampler() {}

    static Ranking fromFirstChoice(Choice first, int k, SplittableRandom rng) {
        double[] dist = first.distribution();
        int n = dist.length;
        double[] p = Arrays.copyOf(dist, n);
        int[] actions = new int[k];
        double[] propensities = new double[k];
        actions[0] = first.action();
        propensities[0] = first.probability();
        p[first.action()] = 0;
        boolean[] placed = new boolean[n];
        placed[first.action()] = true;
        for (int pos = 1; pos < k; pos++) {
            double mass = 0;
            for (int a = 0; a < n; a++) mass += p[a];
            int chosen = -1;
            if (mass > 0) {
                double u = rng.nextDouble() * mass;
                double acc = 0;
                for (int a = 0; a < n && chosen < 0; a++) {
                    acc += p[a];
                    if (p[a] > 0 && u < acc) chosen = a;
                }
                if (chosen < 0) chosen = lastWithMass(p);
                propensities[pos] = p[chosen] / mass;
            } else {
                chosen = uniformUnplaced(placed, n - pos, rng);
                propensities[pos] = 1.0 / (n - pos);
            }
            actions[pos] = chosen;
            placed[chosen] = true;
            p[chosen] = 0;
        }
        return new Ranking(actions, propensities, dist.clone(), new double[0]);
    }

    private static int lastWithMass(double[] p) {
        for (int a = p.length - 1; a >= 0; a--) if (p[a] > 0) return a;
        throw new IllegalStateException("no mass left");
    }

    private static int uniformUnplaced(boolean[] placed, int left, SplittableRandom rng) {
        int skip = rng.nextInt(left);
        for (int a = 0; a < placed.length; a++) {
            if (!placed[a] && skip-- == 0) return a;
        }
        throw new IllegalStateException("no unplaced candidate");
    }
}
