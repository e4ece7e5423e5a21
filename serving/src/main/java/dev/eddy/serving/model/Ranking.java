package dev.eddy.serving.model;

/**
 * What a bandit policy ranked in one round.
 *
 * @param actions               chosen candidate indices, slot order (slot 1 first)
 * @param propensities          per slot, the probability with which that slot's action was drawn given the slots
 *                              above it (slot 1: its probability under the first-slot distribution); the slate's
 *                              probability is their product
 * @param firstSlotDistribution the first slot's distribution over all candidates (for off-policy estimators)
 * @param scores                per candidate, the learner's score (NeuCB: 1 − predicted loss); empty when the
 *                              learner gives none
 */
public record Ranking(int[] actions, double[] propensities, double[] firstSlotDistribution, double[] scores) {
    public Ranking {
        if (actions.length != propensities.length) throw new IllegalArgumentException("one propensity per slot");
        if (scores.length != 0 && scores.length != firstSlotDistribution.length) {
            throw new IllegalArgumentException("one score per candidate, or none");
        }
    }

    public int size() {
        return actions.length;
    }

    public boolean hasScores() {
        return scores.length > 0;
    }
}
