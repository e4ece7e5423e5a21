package dev.eddy.recsys.eval;

/**
 * Top-K ranking metrics of one user, from the ranked list's hit flags (hits[r] = the item at rank r is relevant).
 * Recall divides by all the user's relevant items, as the LightGCN/PLD code does.
 */
public final class RankingMetrics {
    private RankingMetrics() {}

    public static double recall(boolean[] hits, int relevant, int k) {
        if (relevant == 0) return 0;
        int found = 0;
        for (int r = 0; r < Math.min(k, hits.length); r++) if (hits[r]) found++;
        return (double) found / relevant;
    }

    /** Standard NDCG@K: the ideal DCG puts min(|relevant|, K) relevant items on top. */
    public static double ndcg(boolean[] hits, int relevant, int k) {
        return dcg(hits, k) / idealDcg(Math.min(relevant, k));
    }

    /**
     * The PLD code's variant: the ideal DCG sums over all relevant items, even beyond rank K, so the value is lower
     * than the standard one for users with more than K relevant items. Reported to compare with the paper.
     */
    public static double ndcgAllRelevant(boolean[] hits, int relevant, int k) {
        return dcg(hits, k) / idealDcg(relevant);
    }

    static double dcg(boolean[] hits, int k) {
        double dcg = 0;
        for (int r = 0; r < Math.min(k, hits.length); r++) if (hits[r]) dcg += 1.0 / log2(r + 2);
        return dcg;
    }

    static double idealDcg(int n) {
        double idcg = 0;
        for (int r = 0; r < n; r++) idcg += 1.0 / log2(r + 2);
        return idcg == 0 ? Double.POSITIVE_INFINITY : idcg;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
