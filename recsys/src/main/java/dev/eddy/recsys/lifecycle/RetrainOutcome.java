package dev.eddy.recsys.lifecycle;

import dev.eddy.recsys.snapshot.DataWindow;
import dev.eddy.recsys.train.TrainedModel;

/**
 * What one retrain hands back to its caller (for the retrain job: from its training thread to its task thread).
 *
 * @param model            the trained model
 * @param window           the data it was trained on
 * @param candidate        its metrics on the held-out slice
 * @param current          the published version's metrics on the same slice, null when nothing is published
 * @param popularityRecall Recall@20 of item popularity on the same slice (a floor any model should beat)
 * @param holdoutUsers     users with a held-out item
 * @param trainSeconds     wall time of the training (lock wait excluded), evaluation excluded
 * @param totalSeconds     wall time from the start of the task to its end
 */
public record RetrainOutcome(TrainedModel model, DataWindow window, HoldoutMetrics candidate, HoldoutMetrics current,
                             double popularityRecall, int holdoutUsers, double trainSeconds, double totalSeconds) {}
