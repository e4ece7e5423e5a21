package dev.eddy.bandits.eval;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.events.readers.ClassificationDataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs a policy on the supervised-to-bandit conversion of a classification data set and measures its regret.
 *
 * <p>A run is a function of its seed: the seed fixes the order of the examples, the learner's own seed and the
 * random stream its choices are drawn from. The order depends on the seed only, not on the policy, so policies
 * compared at the same seed see the same examples in the same order.
 */
public final class Evaluation {

    private Evaluation() {}

    /** One run of a policy from {@link Policies#standard()}. */
    public static EvalResult run(ClassificationDataset dataset, String policyName, Map<String, String> params,
                                 int rounds, long seed) {
        return run(new SupervisedToBandit(dataset), Policies.standard(), policyName, params, rounds, seed);
    }

    /** One run of {@code policyName} from {@code policies} for {@code rounds} rounds. */
    public static EvalResult run(SupervisedToBandit problem, Policies policies, String policyName,
                                 Map<String, String> params, int rounds, long seed) {
        // Keep in step with order(): the first draw of the root stream is the order's seed.
        SplittableRandom root = new SplittableRandom(seed);
        long orderSeed = root.nextLong();
        long policySeed = root.nextLong();
        SplittableRandom choiceRng = root.split();

        int[] order = problem.order(rounds, orderSeed);
        ContextualBandit learner = policies.create(policyName, problem.dimension(), problem.actions(), policySeed,
                params);
        double[] cumulativeRegret = new double[rounds];
        double totalReward = 0;
        long policyNanos = 0;
        long start = System.nanoTime();
        for (int t = 0; t < rounds; t++) {
            int example = order[t];
            BanditRound round = problem.round(example);
            long before = System.nanoTime();
            Choice choice = learner.choose(round, choiceRng);
            double reward = problem.reward(example, choice.action());
            learner.learn(round, choice.action(), choice.probability(), reward);
            policyNanos += System.nanoTime() - before;
            totalReward += reward;
            // The best action always earns 1 here, so the regret is the rounds so far minus the reward so far.
            cumulativeRegret[t] = (t + 1) - totalReward;
        }
        long wall = System.nanoTime() - start;
        return new EvalResult(policyName, seed, cumulativeRegret, totalReward, wall, policyNanos);
    }

    /** The examples, in order, that a run with {@code seed} sees (whatever the policy). */
    public static int[] order(SupervisedToBandit problem, int rounds, long seed) {
        return problem.order(rounds, new SplittableRandom(seed).nextLong());
    }

    /** {@code seeds} runs with seeds {@code firstSeed, firstSeed+1, ...}, aggregated. */
    public static EvalSummary runSeeds(SupervisedToBandit problem, Policies policies, String policyName,
                                       Map<String, String> params, int rounds, int seeds, long firstSeed) {
        if (seeds < 1) throw new IllegalArgumentException("seeds must be >= 1, was " + seeds);
        List<EvalResult> runs = new ArrayList<>(seeds);
        for (int s = 0; s < seeds; s++) runs.add(run(problem, policies, policyName, params, rounds, firstSeed + s));
        return EvalSummary.of(runs);
    }
}
