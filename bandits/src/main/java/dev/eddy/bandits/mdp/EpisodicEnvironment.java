package dev.eddy.bandits.mdp;

import java.util.SplittableRandom;

/**
 * A synthetic episodic environment with linear Q structure and an adversary choosing the losses of each episode.
 * One episode: {@link #begin}, then for each step h < {@link #horizon()}: {@link #features}, the policy picks an
 * action, {@link #step} returns its loss. The environment knows everything, so it can tell the loss of the best
 * fixed policy in hindsight and serve as the simulator that Algorithm 2 needs.
 */
public interface EpisodicEnvironment {

    int horizon();

    int actions();

    int dimension();

    /** Starts episode {@code k} (0-based); the adversary may look at everything that happened before. */
    void begin(int k, SplittableRandom rng);

    /** φ(s_h, a) of every action at the current step: [actions][dimension]. */
    double[][] features();

    /** Takes {@code action} at the current step and returns its loss in [0, 1]. */
    double step(int action, SplittableRandom rng);

    /**
     * The expected total loss, over the episodes played so far, of the best fixed policy in hindsight (the
     * comparator of the regret); {@code regret = policy's total loss − this}.
     */
    double bestFixedPolicyLoss();
}
