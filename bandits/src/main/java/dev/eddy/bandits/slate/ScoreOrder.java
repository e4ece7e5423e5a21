package dev.eddy.bandits.slate;

import java.util.Arrays;
import java.util.Comparator;

/** Indices by descending score, NaN last, ties and NaNs in their original order. */
final class ScoreOrder {
    private ScoreOrder() {}

    static int[] descending(double[] scores, int k) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> Double.isNaN(scores[i]) ? Double.NEGATIVE_INFINITY : scores[i])
                .reversed().thenComparingInt(i -> i));
        int[] out = new int[Math.min(k, idx.length)];
        for (int i = 0; i < out.length; i++) out[i] = idx[i];
        return out;
    }
}
