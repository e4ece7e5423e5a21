package dev.eddy.serving.rank;

/**
 * A policy's answer for one request: {@code order[i]} is the candidate index shown in slot i, drawn with
 * probability {@code probabilities[i]} given the slots above it; {@code scores[i]} the policy's score of that
 * item; {@code distribution} the first slot's distribution over all candidates (null when the policy is
 * deterministic).
 */
public record Ranking(String policy, Long modelVersion, int[] order, double[] probabilities, double[] scores,
                      double[] distribution) {
    public Ranking {
        if (order.length != probabilities.length || order.length != scores.length) {
            throw new IllegalArgumentException("order, probabilities and scores must have the same length");
        }
        for (double p : probabilities) {
            if (!(p > 0 && p <= 1)) throw new IllegalArgumentException("slot probability " + p + " outside (0, 1]");
        }
    }

    public int size() {
        return order.length;
    }
}
