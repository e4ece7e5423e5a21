package dev.eddy.bandits.slate;

import java.util.Arrays;

/**
 * A policy's answer for one request: the candidates it shows in k slots, slot 1 first. Arrays are taken as given, not
 * copied.
 *
 * @param actions      candidate indices in slot order, distinct
 * @param propensities per slot, the probability with which that slot's action was drawn given the slots above it
 *                     (slot 1: its probability under the first-slot distribution), in (0, 1]; the slate's probability
 *                     is their product; a deterministic policy gives 1
 * @param scores       per slot, the policy's score of that slot's action (NaN where it has none); null when the policy
 *                     gives no scores
 * @param distribution the first slot's distribution over all candidates, for off-policy estimators; null when the
 *                     policy does not give it (a deterministic policy: see {@link #firstSlotDistribution(int)})
 */
public record Slate(int[] actions, double[] propensities, double[] scores, double[] distribution) {
    public Slate {
        if (actions.length == 0) throw new IllegalArgumentException("a slate needs at least one slot");
        if (actions.length != propensities.length) throw new IllegalArgumentException("one propensity per slot");
        if (scores != null && scores.length != actions.length) throw new IllegalArgumentException("one score per slot, or none");
        for (double p : propensities) {
            if (!(p > 0 && p <= 1)) throw new IllegalArgumentException("slot probability " + p + " outside (0, 1]");
        }
        if (distribution != null) {
            for (int a : actions) {
                if (a < 0 || a >= distribution.length) {
                    throw new IllegalArgumentException("action " + a + " outside the distribution's 0.." + (distribution.length - 1));
                }
            }
        }
    }

    public int size() {
        return actions.length;
    }

    public boolean hasScores() {
        return scores != null;
    }

    /** The same slate with these per-slot scores. */
    public Slate withScores(double[] slotScores) {
        return new Slate(actions, propensities, slotScores, distribution);
    }

    /**
     * The first slot's distribution over {@code candidates} candidates: the one the policy gave, or for a policy that
     * gave none but placed slot 1 with probability 1, all mass on that action.
     *
     * @throws IllegalStateException if the policy gave none and slot 1 was drawn at random
     */
    public double[] firstSlotDistribution(int candidates) {
        if (distribution != null) return distribution;
        if (propensities[0] != 1) {
            throw new IllegalStateException("slot 1 was drawn with probability " + propensities[0]
                    + " but the policy gave no distribution");
        }
        double[] p = new double[candidates];
        p[actions[0]] = 1;
        return p;
    }

    @Override
    public String toString() {
        return "Slate" + Arrays.toString(actions) + " p=" + Arrays.toString(propensities);
    }
}
