package dev.eddy.bandits.mdp.env;

import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.EpisodicEnvironment;
import dev.eddy.bandits.mdp.SessionPolicy;

import java.util.SplittableRandom;

/** Plays one episode of a policy in an environment; learning is left to the caller, who may delay or reorder it. */
public final class EpisodeRunner {
    private EpisodeRunner() {}

    /**
     * Begins episode {@code k}, samples each action from π(·|s_h) with {@code rng} (which also drives the
     * environment's noise and transitions) and returns the episode with the probability of each action taken.
     */
    public static Episode run(SessionPolicy policy, EpisodicEnvironment env, int k, SplittableRandom rng) {
        return run(policy, env, k, rng, (h, a) -> { });
    }

    /** What a caller may look at just before the environment takes action {@code action} at step {@code step}. */
    @FunctionalInterface
    public interface BeforeStep {
        void accept(int step, int action);
    }

    /** The same, calling {@code beforeStep} while the environment is still in the state the action is taken in. */
    public static Episode run(SessionPolicy policy, EpisodicEnvironment env, int k, SplittableRandom rng,
                              BeforeStep beforeStep) {
        int horizon = env.horizon();
        int actions = env.actions();
        double[][][] features = new double[horizon][][];
        int[] taken = new int[horizon];
        double[] probabilities = new double[horizon];
        double[] losses = new double[horizon];
        double[] pi = new double[actions];
        env.begin(k, rng);
        for (int h = 0; h < horizon; h++) {
            features[h] = env.features();
            policy.distribution(h, features[h], pi);
            int a = sample(pi, actions, rng, policy.name());
            taken[h] = a;
            probabilities[h] = pi[a];
            beforeStep.accept(h, a);
            losses[h] = env.step(a, rng);
        }
        return new Episode(features, taken, probabilities, losses);
    }

    private static int sample(double[] pi, int actions, SplittableRandom rng, String policy) {
        double sum = 0;
        for (int a = 0; a < actions; a++) {
            if (!(pi[a] >= 0)) throw new IllegalStateException(policy + " gave probability " + pi[a] + " to action " + a);
            sum += pi[a];
        }
        // Rounding makes sums of 1 ± 1e-12 normal; anything further off is a bug in the policy, not noise.
        if (Math.abs(sum - 1) > 1e-6) throw new IllegalStateException(policy + " probabilities sum to " + sum);
        double u = rng.nextDouble() * sum;
        double cumulative = 0;
        int last = -1;
        for (int a = 0; a < actions; a++) {
            if (pi[a] == 0) continue;
            cumulative += pi[a];
            last = a;
            if (u < cumulative) return a;
        }
        return last; // u fell in the rounding gap at the top: the last action with positive probability
    }
}
