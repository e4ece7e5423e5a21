package dev.eddy.recsys.eval;

import dev.eddy.recsys.train.EpochStats;

import java.util.List;
import java.util.Map;

/**
 * One evaluation run: a method trained on one seed's noisy split, tested on its clean test set.
 *
 * @param method          method name
 * @param backbone        backbone name
 * @param noise           injected noise ratio
 * @param seed            the seed of split, noise and training
 * @param test            test metrics of the validation-selected model
 * @param bestEpoch       the selected epoch
 * @param bestValidRecall its validation Recall@20
 * @param epochs          per-epoch figures (as many as were run: training stops early on validation)
 * @param wallSeconds     wall time of the whole training, validations included
 */
public record ExperimentResult(String method, String backbone, double noise, long seed, Map<String, Double> test,
                               int bestEpoch, double bestValidRecall, List<EpochStats> epochs, double wallSeconds) {
    public ExperimentResult {
        test = Map.copyOf(test);
        epochs = List.copyOf(epochs);
    }

    /** Mean training seconds per epoch (validation excluded), leaving out the first epoch's start-up cost. */
    public double meanEpochSeconds() {
        List<EpochStats> steady = epochs.size() > 1 ? epochs.subList(1, epochs.size()) : epochs;
        return steady.stream().mapToDouble(EpochStats::seconds).average().orElse(Double.NaN);
    }

    /** Positive (user, item, negative) triples trained on, over all epochs run. */
    public long triples() {
        return epochs.stream().mapToLong(EpochStats::triples).sum();
    }

    public double triplesPerSecond() {
        List<EpochStats> steady = epochs.size() > 1 ? epochs.subList(1, epochs.size()) : epochs;
        double s = steady.stream().mapToDouble(EpochStats::seconds).sum();
        return steady.stream().mapToLong(EpochStats::triples).sum() / s;
    }
}
