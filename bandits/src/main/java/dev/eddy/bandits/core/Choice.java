package dev.eddy.bandits.core;

/**
 * What a policy did in a round: the chosen action, the probability it had, and the whole distribution it was drawn
 * from (logged so that off-policy estimators can use it).
 */
public record Choice(int action, double probability, double[] distribution) {
    public Choice {
        if (action < 0 || action >= distribution.length) {
            throw new IllegalArgumentException("action " + action + " outside 0.." + (distribution.length - 1));
        }
        if (!(probability > 0 && probability <= 1)) throw new IllegalArgumentException("probability " + probability);
    }
}
