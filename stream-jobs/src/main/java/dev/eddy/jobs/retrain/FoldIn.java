package dev.eddy.jobs.retrain;

import java.util.Map;
import java.util.Optional;

/**
 * Fold-in of a user the current model does not know: the mean of the item vectors of the user's items that it
 * does know. With dot-product scoring this ranks first the items most similar to what the user touched, which is
 * far better than the zero (or random) vector a new user would otherwise get until the next retrain; the retrain
 * then learns the user's own vector (warm-started from this one).
 */
final class FoldIn {
    private FoldIn() {}

    /** The folded-in vector, or empty when none of the items is known. */
    static Optional<float[]> userVector(String[] items, ModelTables model, Map<String, Integer> itemRows) {
        int dim = model.dim;
        float[] sum = new float[dim];
        int known = 0;
        for (String item : items) {
            Integer r = itemRows.get(item);
            if (r == null) continue;
            for (int f = 0; f < dim; f++) sum[f] += model.items[r * dim + f];
            known++;
        }
        if (known == 0) return Optional.empty();
        for (int f = 0; f < dim; f++) sum[f] /= known;
        return Optional.of(sum);
    }
}
