package dev.eddy.serving.model;

import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.neural.SlateDraw;

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
        double[] p = Arrays.copyOf(dist, dist.length);
        int[] actions = new int[k];
        double[] propensities = new double[k];
        actions[0] = first.action();
        propensities[0] = first.probability();
        p[first.action()] = 0;
        SlateDraw.fill(p, actions, propensities, 1, rng);
        return new Ranking(actions, propensities, dist.clone(), new double[0]);
    }
}
