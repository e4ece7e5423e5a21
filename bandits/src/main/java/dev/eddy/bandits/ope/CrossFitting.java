package dev.eddy.bandits.ope;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * k-fold cross-fitting of a reward model: slates are dealt into k folds by a seeded shuffle, one model is fitted per
 * fold on the other k − 1 folds, and a sample is predicted only by the model that did not see its fold. DR's
 * correction w·(r − q̂) is unbiased only if q̂ is independent of the sample's own reward; an in-sample fit breaks
 * that and biases DR towards DM. Slots of one slate stay in one fold, since they share the user.
 */
public final class CrossFitting {

    private final int folds;
    private final long seed;

    public CrossFitting(int folds, long seed) {
        if (folds < 2) throw new IllegalArgumentException("cross-fitting needs at least 2 folds, got " + folds);
        this.folds = folds;
        this.seed = seed;
    }

    public int folds() {
        return folds;
    }

    public CrossFittedModel fit(List<LoggedSample> samples, RewardModelLearner learner) {
        List<int[]> slates = Slates.group(samples);
        if (slates.size() < folds) {
            throw new IllegalArgumentException(folds + " folds need at least as many slates, the log has "
                    + slates.size());
        }
        int[] order = new int[slates.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Map<LoggedSample, Integer> foldOf = new IdentityHashMap<>(samples.size() * 2);
        List<List<LoggedSample>> members = new ArrayList<>(folds);
        for (int k = 0; k < folds; k++) members.add(new ArrayList<>());
        for (int rank = 0; rank < order.length; rank++) {
            int fold = rank % folds;
            for (int i : slates.get(order[rank])) {
                LoggedSample s = samples.get(i);
                foldOf.put(s, fold);
                members.get(fold).add(s);
            }
        }
        RewardModel[] models = new RewardModel[folds];
        for (int k = 0; k < folds; k++) {
            List<LoggedSample> training = new ArrayList<>(samples.size());
            for (int other = 0; other < folds; other++) {
                if (other != k) training.addAll(members.get(other));
            }
            models[k] = learner.fit(training);
        }
        return new CrossFittedModel(foldOf, models);
    }
}
