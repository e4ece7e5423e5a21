package dev.eddy.bandits.slate;

import java.util.SplittableRandom;

/** Exploit only: the k best MF scores (unknown scores last, in the order they came), each shown with probability 1. */
public final class MfTopK implements SlatePolicy {
    public static final String NAME = "mf-topk";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Slate rank(SlateRequest r, int k, SplittableRandom rng) {
        SlatePolicy.checkK(k, r.size());
        int[] order = ScoreOrder.descending(r.mfScores(), k);
        double[] probabilities = new double[order.length];
        double[] scores = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            probabilities[i] = 1.0;
            scores[i] = r.mfScores()[order[i]];
        }
        return new Slate(order, probabilities, scores, null);
    }
}
