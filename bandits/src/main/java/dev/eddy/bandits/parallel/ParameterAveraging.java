package dev.eddy.bandits.parallel;

import java.util.List;

/**
 * A learner whose parameters can be replaced by the mean of several learners' parameters: what data-parallel
 * learning by parameter averaging ({@link ShardedBandit}) needs of a learner.
 *
 * <p>{@code learners} are of the same kind and configuration as this one and may include it; their state is only
 * read. What "parameters" means is the learner's to say (NeuCB: the network weights θ, the anchor θ₀ of its
 * perturbation, and the round counter that schedules its learning rate and exploration); private random streams
 * stay the learner's own, so that shards keep drawing independent noise.
 */
public interface ParameterAveraging {

    /** Sets this learner's parameters to the element-wise mean of {@code learners}' parameters. */
    void averageFrom(List<? extends ParameterAveraging> learners);
}
