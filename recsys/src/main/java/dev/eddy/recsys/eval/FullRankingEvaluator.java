package dev.eddy.recsys.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.eddy.recsys.data.UserItems;
import dev.eddy.recsys.train.EmbeddingTables;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Full ranking: every user's scores over all items (a batched matrix product on the device), known items masked to
 * −∞, the top K taken on the device, then Recall@K and NDCG@K against the target items.
 */
public final class FullRankingEvaluator {
    private static final int CHUNK = 1024;

    private FullRankingEvaluator() {}

    /**
     * @param tables scoring tables
     * @param target each user's relevant items (users without any are skipped)
     * @param masks  items to exclude from each user's ranking (training, and validation at test time)
     * @param ks     cut-offs
     */
    public static RankingResult evaluate(EmbeddingTables tables, UserItems target, List<UserItems> masks, int[] ks, Device device) {
        int maxK = Arrays.stream(ks).max().orElseThrow();
        int numItems = tables.numItems();
        int k = Math.min(maxK, numItems);
        int[] evaluated = java.util.stream.IntStream.range(0, target.numUsers()).filter(u -> target.count(u) > 0).toArray();
        double[] recall = new double[ks.length];
        double[] ndcg = new double[ks.length];
        double[] ndcgAll = new double[ks.length];
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray userTable = manager.create(tables.users(), new Shape(tables.numUsers(), tables.dim()));
            NDArray itemsT = manager.create(tables.items(), new Shape(numItems, tables.dim())).transpose();
            for (int from = 0; from < evaluated.length; from += CHUNK) {
                int n = Math.min(CHUNK, evaluated.length - from);
                long[] rows = new long[n];
                float[] mask = new float[n * numItems];
                for (int i = 0; i < n; i++) {
                    int u = evaluated[from + i];
                    rows[i] = u;
                    for (UserItems m : masks) {
                        for (int e = m.start(u); e < m.start(u) + m.count(u); e++) mask[i * numItems + m.items()[e]] = Float.NEGATIVE_INFINITY;
                    }
                }
                long[] top;
                try (NDManager chunk = manager.newSubManager()) {
                    NDArray scores = userTable.get(chunk.create(rows)).matMul(itemsT);
                    scores.attach(chunk);
                    NDArray masked = scores.add(chunk.create(mask, new Shape(n, numItems)));
                    NDList best = masked.topK(k, 1, true, true);
                    top = best.get(1).toLongArray();
                }
                for (int i = 0; i < n; i++) {
                    int u = evaluated[from + i];
                    boolean[] hits = new boolean[k];
                    for (int r = 0; r < k; r++) hits[r] = target.contains(u, (int) top[i * k + r]);
                    for (int j = 0; j < ks.length; j++) {
                        recall[j] += RankingMetrics.recall(hits, target.count(u), ks[j]);
                        ndcg[j] += RankingMetrics.ndcg(hits, target.count(u), ks[j]);
                        ndcgAll[j] += RankingMetrics.ndcgAllRelevant(hits, target.count(u), ks[j]);
                    }
                }
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        int users = Math.max(1, evaluated.length);
        for (int j = 0; j < ks.length; j++) {
            metrics.put("recall@" + ks[j], recall[j] / users);
            metrics.put("ndcg@" + ks[j], ndcg[j] / users);
            metrics.put("ndcg-all@" + ks[j], ndcgAll[j] / users);
        }
        return new RankingResult(metrics, evaluated.length);
    }
}
