package dev.eddy.bandits.mdp.eval;

import dev.eddy.bandits.mdp.env.EpisodeRunner;
import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.env.AdaptiveAdversaryMdp;
import dev.eddy.bandits.mdp.env.LatentLinearMdp;
import dev.eddy.bandits.mdp.env.StationaryLinearMdp;
import dev.eddy.bandits.mdp.env.SwitchingMdp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Runs a session policy for K episodes on one of the synthetic environments and records its regret against the
 * best fixed policy in hindsight after every episode.
 *
 * <p>The comparator, {@link LatentLinearMdp#bestFixedPolicyLoss()}, is an expectation. Charging the policy its
 * realised (noisy) losses would add a zero-mean random walk of size ~√(K·H) to the regret, which at the K of the
 * experiments is as large as the √K regret being measured and would blur the log-log slope. So the policy is charged
 * the expected loss ℓ_k(h, s, a) of the action it took in the latent state it was in; this removes the observation
 * noise, while the policy still learns from the noisy losses it observed. What remains random is the policy's own
 * sampling and the transitions, both of which the policy answers for.
 */
public final class MdpEvaluation {

    /** The environments by name, as {@code eddy mdp-eval --env} takes them. */
    public static final List<String> ENVIRONMENTS = List.of("stationary", "switching", "adaptive");

    /** Latent states per step of the experiments' environments. */
    public static final int LATENT_STATES = 4;

    /** Amplitude of the loss noise, as {@link LatentLinearMdp.Config#of} has it for the experiments. */
    public static final double NOISE = 0.5;

    // Distinct streams: the policy's randomness must not be the environment's, or they would be correlated.
    private static final long POLICY_SALT = 0x4d44504f4c494359L;
    private static final long PLAY_SALT = 0x4d4450504c415953L;

    private MdpEvaluation() {}

    /** The environment {@code name} (one of {@link #ENVIRONMENTS}) with its default adversary settings. */
    public static LatentLinearMdp environment(String name, int horizon, int actions, int dimension, long seed) {
        LatentLinearMdp.Config config = new LatentLinearMdp.Config(horizon, actions, dimension, LATENT_STATES, NOISE, seed);
        return switch (name) {
            case "stationary" -> new StationaryLinearMdp(config);
            case "switching" -> new SwitchingMdp(config);
            case "adaptive" -> new AdaptiveAdversaryMdp(config);
            default -> throw new IllegalArgumentException("unknown environment '" + name + "'; known environments: "
                    + String.join(", ", ENVIRONMENTS));
        };
    }

    /** {@link #run(SessionPolicies, String, String, Map, int, long, int, int, int)} with the standard policies. */
    public static MdpResult run(String environment, String policy, Map<String, String> params, int episodes, long seed,
                                int horizon, int actions, int dimension) {
        return run(SessionPolicies.standard(), environment, policy, params, episodes, seed, horizon, actions, dimension);
    }

    /**
     * Plays {@code episodes} episodes of {@code policy} on {@code environment}, both seeded from {@code seed}, calling
     * {@link SessionPolicy#learn} after each one, and returns the regret curve.
     */
    public static MdpResult run(SessionPolicies policies, String environment, String policy, Map<String, String> params,
                                int episodes, long seed, int horizon, int actions, int dimension) {
        if (episodes < 1) throw new IllegalArgumentException("episodes must be >= 1, was " + episodes);
        LatentLinearMdp env = environment(environment, horizon, actions, dimension, seed);
        SessionPolicy learner = policies.create(policy, horizon, actions, dimension, episodes, seed ^ POLICY_SALT, params,
                Optional.of(env));
        SplittableRandom rng = new SplittableRandom(seed ^ PLAY_SALT);
        double[] curve = new double[episodes];
        double[] charged = new double[1];
        long start = System.nanoTime();
        for (int k = 0; k < episodes; k++) {
            // The expected loss of each action taken, read before step() moves the latent state on.
            Episode episode = EpisodeRunner.run(learner, env, k, rng,
                    (h, a) -> charged[0] += env.expectedLoss(h, env.state(), a));
            learner.learn(episode);
            curve[k] = charged[0] - env.bestFixedPolicyLoss();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return new MdpResult(environment, policy, seed, curve, LogLogSlope.fit(curve), wall);
    }
}
