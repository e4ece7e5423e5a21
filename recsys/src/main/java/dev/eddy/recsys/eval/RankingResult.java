package dev.eddy.recsys.eval;

import java.util.Map;

/**
 * Mean metrics over the evaluated users, named "recall@20", "ndcg@20", "ndcg-all@20" (the PLD code's NDCG).
 *
 * @param metrics name → mean value
 * @param users   users with at least one target item (the others are not counted)
 */
public record RankingResult(Map<String, Double> metrics, int users) {
    public RankingResult {
        metrics = Map.copyOf(metrics);
    }

    public double get(String name) {
        Double v = metrics.get(name);
        if (v == null) throw new IllegalArgumentException("no metric '" + name + "' in " + metrics.keySet());
        return v;
    }
}
