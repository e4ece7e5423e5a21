package dev.eddy.events.readers;

import java.time.Instant;
import java.util.List;

/**
 * One impression of an Open Bandit Dataset log, as the file has it, for estimators that want the raw fields.
 *
 * @param index        the row index (first, unnamed column)
 * @param timestamp    impression time
 * @param itemId       the item shown
 * @param position     where it was shown: 1 (left), 2 (center) or 3 (right)
 * @param click        1 if clicked, else 0
 * @param propensity   probability the logging policy gave this item at this position
 * @param userFeatures the hashed user features, in column order (user_feature_0, ...)
 * @param affinity     user-item affinity per item id, in column order (user-item_affinity_0, ...)
 * @param lineNumber   1-based line of the row in its file
 */
public record ObdRow(long index, Instant timestamp, int itemId, int position, int click, double propensity,
                     List<String> userFeatures, List<Double> affinity, long lineNumber) {
    public ObdRow {
        userFeatures = List.copyOf(userFeatures);
        affinity = List.copyOf(affinity);
    }
}
