package dev.eddy.bandits.mdp;

import java.util.SplittableRandom;

/**
 * What Algorithm 2 of Dai et al. needs besides the real episodes: rollouts of a policy in the same MDP, under the
 * losses of the episode most recently begun, that change nothing in the real environment (no episode is counted,
 * the comparator and the adversary do not see them). The synthetic environments implement it; a replay harness
 * could, from logged sessions.
 */
public interface Simulator {

    /** Plays one simulated episode of {@code policy} from the initial state, sampling actions with {@code rng}. */
    Episode simulate(SessionPolicy policy, SplittableRandom rng);
}
