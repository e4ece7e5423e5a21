package dev.eddy.bandits.slate;

import dev.eddy.bandits.core.Choice;

import java.util.SplittableRandom;

/**
 * Top-k without replacement from a distribution: each slot draws from the distribution renormalised over the
 * actions not yet placed, and its propensity is that renormalised probability; once the unplaced actions have no
 * mass left (a greedy policy), the rest are placed uniformly with propensity 1 / (actions left). Shared by
 * NeuCB's {@code chooseSlate}, the default {@code ContextualBandit#chooseSlate} of learners without a slate of their
 * own, and {@link SessionSlates}.
 */
public final class SlateDraw {
    private SlateDraw() {}

    /**
     * A slate of {@code k} slots whose slot 1 is {@code first} (a learner's own draw, with the distribution it drew
     * from) and whose later slots are drawn by {@link #fill}; the slate carries {@code first}'s distribution and no
     * scores.
     */
    public static Slate afterFirst(Choice first, int k, SplittableRandom rng) {
        double[] dist = first.distribution();
        double[] p = java.util.Arrays.copyOf(dist, dist.length);
        int[] actions = new int[k];
        double[] propensities = new double[k];
        actions[0] = first.action();
        propensities[0] = first.probability();
        p[first.action()] = 0;
        fill(p, actions, propensities, 1, rng);
        return new Slate(actions, propensities, null, dist.clone());
    }

    /**
     * Fills slots {@code from..actions.length-1}, given slots {@code 0..from-1} already placed and their mass
     * already zeroed in {@code p} (the distribution over all actions; modified: placed actions are zeroed).
     */
    public static void fill(double[] p, int[] actions, double[] propensities, int from, SplittableRandom rng) {
        int n = p.length;
        for (int pos = from; pos < actions.length; pos++) {
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
            }
            if (chosen < 0) chosen = lastWithMass(p);
            if (chosen < 0) {
                chosen = uniformUnplaced(actions, pos, n, rng);
                propensities[pos] = 1.0 / (n - pos);
            } else {
                propensities[pos] = p[chosen] / mass;
            }
            actions[pos] = chosen;
            p[chosen] = 0;
        }
    }

    private static int lastWithMass(double[] p) {
        for (int a = p.length - 1; a >= 0; a--) if (p[a] > 0) return a;
        return -1;
    }

    private static int uniformUnplaced(int[] placed, int count, int n, SplittableRandom rng) {
        int pick = rng.nextInt(n - count);
        for (int a = 0; a < n; a++) {
            boolean used = false;
            for (int i = 0; i < count; i++) used |= placed[i] == a;
            if (!used && pick-- == 0) return a;
        }
        throw new IllegalStateException("no unplaced action left");
    }
}
