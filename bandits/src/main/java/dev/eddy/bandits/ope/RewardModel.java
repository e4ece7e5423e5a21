package dev.eddy.bandits.ope;

/**
 * q̂(x, a): the predicted reward of {@code action} in the round (context, position) of {@code sample}. The
 * sample's own reward and logged action must not be read for actions other than through a fit on other data.
 */
@FunctionalInterface
public interface RewardModel {
    double predict(LoggedSample sample, int action);
}
