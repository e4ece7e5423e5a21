package dev.eddy.bandits.ope;

import java.util.List;

/** Fits a {@link RewardModel} to logged samples (each sample's reward is the reward of its logged action). */
@FunctionalInterface
public interface RewardModelLearner {
    RewardModel fit(List<LoggedSample> training);
}
