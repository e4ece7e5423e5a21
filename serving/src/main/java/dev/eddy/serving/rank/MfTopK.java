package dev.eddy.serving.rank;

import java.util.Map;
import java.util.SplittableRandom;

/** Exploit only: the k best MF scores (unknown scores last, in the order they came), each shown with probability 1. */
public final class MfTopK implements RankingPolicy {
    public static final String NAME = "mf-topk";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Ranking rank(Map<String, Map<String, Double>> context, CandidateSet c, int k, SplittableRandom rng) {
        int[] order = ScoreOrder.descending(c.mfScores(), k);
        double[] probabilities = new double[order.length];
        double[] scores = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            probabilities[i] = 1.0;
            scores[i] = c.mfScores()[order[i]];
        }
        return new Ranking(NAME, null, order, probabilities, scores, null);
    }
}
