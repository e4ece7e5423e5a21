package dev.eddy.bandits.ope;

/**
 * φ(x, a): the caller's feature vector for {@code action} in the round of {@code sample}, for contextual reward
 * models. {@link LoggedSample} carries no context, so callers look it up by their own key (the slate id, the
 * timestamp, or the sample itself in an identity map). Every call must return the same dimension.
 */
@FunctionalInterface
public interface FeatureMap {
    double[] features(LoggedSample sample, int action);
}
