package dev.eddy.recsys.lifecycle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fold-in of users and items the current model does not know, in the published scoring tables (for LightGCN the
 * propagated representations, which is what serving takes dot products of).
 *
 * <p>A new user gets the mean of the item vectors of the user's items that the tables know. With dot-product
 * scoring this ranks first the items most similar to what the user touched, which is far better than the zero (or
 * random) vector a new user would otherwise get until the next retrain; the retrain then learns the user's own
 * vector (from a fresh initial row: it warm-starts from the accepted version's parameters, which fold-in leaves
 * as they are).
 *
 * <p>A new item gets, symmetrically, the mean of the user vectors of the window users who have it and whom the
 * tables know: it then scores high for users similar to its early adopters. For LightGCN this is also what one
 * propagation step does (an item's representation is a normalised sum over its users). Neither backbone has
 * per-item (or per-user) biases — scores are plain dot products — so a vector is all a new row needs.
 */
public final class FoldIn {
    private FoldIn() {}

    /** The folded-in vector of a user with these items, or empty when none of the items is known. */
    public static Optional<float[]> userVector(String[] items, IdTables model, Map<String, Integer> itemRows) {
        return mean(Arrays.asList(items), model.items(), itemRows, model.dim());
    }

    /** The folded-in vector of an item with these adopters, or empty when none of them is known. */
    public static Optional<float[]> itemVector(Collection<String> adopters, IdTables model, Map<String, Integer> userRows) {
        return mean(adopters, model.users(), userRows, model.dim());
    }

    /** The window users who have each of {@code items}, in window order; items nobody has are left out. */
    static Map<String, List<String>> adopters(Map<String, WindowEntry> window, Set<String> items) {
        Map<String, List<String>> out = new HashMap<>();
        if (items.isEmpty()) return out;
        for (var e : window.entrySet()) {
            for (String item : e.getValue().items()) {
                if (items.contains(item)) out.computeIfAbsent(item, k -> new ArrayList<>()).add(e.getKey());
            }
        }
        return out;
    }

    private static Optional<float[]> mean(Iterable<String> ids, float[] table, Map<String, Integer> rows, int dim) {
        float[] sum = new float[dim];
        int known = 0;
        for (String id : ids) {
            Integer r = rows.get(id);
            if (r == null) continue;
            for (int f = 0; f < dim; f++) sum[f] += table[r * dim + f];
            known++;
        }
        if (known == 0) return Optional.empty();
        for (int f = 0; f < dim; f++) sum[f] /= known;
        return Optional.of(sum);
    }
}
