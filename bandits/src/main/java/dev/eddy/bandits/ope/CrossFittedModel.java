package dev.eddy.bandits.ope;

import java.util.Map;

/**
 * A reward model fitted by {@link CrossFitting}: it predicts each sample of the log it was fitted on with the model
 * of the other folds. Samples are recognised by identity, so pass the very objects that were fitted (bootstrap
 * draws and traces do); any other sample is refused rather than silently predicted in-sample.
 */
public final class CrossFittedModel implements RewardModel {

    private final Map<LoggedSample, Integer> foldOf;
    private final RewardModel[] models;

    CrossFittedModel(Map<LoggedSample, Integer> foldOf, RewardModel[] models) {
        this.foldOf = foldOf;
        this.models = models;
    }

    @Override
    public double predict(LoggedSample sample, int action) {
        return models[fold(sample)].predict(sample, action);
    }

    /** The fold of a fitted sample. */
    public int fold(LoggedSample sample) {
        Integer k = foldOf.get(sample);
        if (k == null) throw new IllegalArgumentException("sample was not in the cross-fitted log: " + sample);
        return k;
    }

    public int folds() {
        return models.length;
    }
}
