package dev.eddy.bandits.ope;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The replay (rejection-sampling) method of Li, Chu, Langford and Wang (WSDM 2011) for logs of a uniformly random
 * policy: for each logged event in order, the target policy picks an action; the event is kept if that action is
 * the logged one and discarded otherwise; V̂ = Σ kept rewards / number kept. With a uniform logger each event is
 * kept with probability 1/K whatever the target does, so kept events are an unbiased sample of the target's
 * rewards. Here the target's pick is either a draw from its distribution with a seeded generator (one draw per
 * event, in list order: the same seed and order give the same picks) or its most probable action (lowest index on
 * ties), for deterministic policies.
 * <p>
 * Refuses logs that are not uniform (see {@link #isUniform}): there the kept events are biased towards the logger's
 * favourite actions, and IPS is the right tool. NaN when no event is kept.
 */
public final class Replay implements OffPolicyEstimator {

    /**
     * How far p·K may be from 1 for a propensity p over K actions to count as uniform: logs store propensities as
     * float32 (VW writes 1/3 as 0.333333343, 3·p − 1 = 3·10⁻⁸), and a float32 carries about 6·10⁻⁸ of relative
     * precision; 10⁻⁶ accepts those and refuses any real preference (1 % off uniform is 10⁻²).
     */
    public static final double UNIFORM_TOLERANCE = 1e-6;

    private final boolean argmax;
    private final long seed;

    private Replay(boolean argmax, long seed) {
        this.argmax = argmax;
        this.seed = seed;
    }

    /** The target's action is a seeded draw from its distribution. */
    public static Replay sampling(long seed) {
        return new Replay(false, seed);
    }

    /** The target's action is its most probable one. */
    public static Replay argmax() {
        return new Replay(true, 0);
    }

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public EstimatorTerms terms(List<LoggedSample> samples) {
        // Kept rewards over kept events: the SNIPS form with 0/1 weights, so its empirical-Bernstein bound applies.
        EstimatorTerms.Builder b = new EstimatorTerms.Builder(name(), EstimatorTerms.Form.SELF_NORMALIZED, samples);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < samples.size(); i++) {
            LoggedSample s = samples.get(i);
            if (!isUniform(s)) {
                throw new IllegalArgumentException("replay needs a uniform log: sample " + i + " has propensity "
                        + s.loggedPropensity() + " over " + s.actionCount() + " actions");
            }
            int pick = argmax ? mostProbable(s) : draw(s, rng.nextDouble());
            double kept = pick == s.loggedAction() ? 1 : 0;
            b.add(i, 0, kept * s.reward(), kept, kept);
        }
        return b.build();
    }

    /** Whether the sample's logged propensity is 1/K, to float32 rounding ({@link #UNIFORM_TOLERANCE}). */
    public static boolean isUniform(LoggedSample s) {
        return Math.abs(s.loggedPropensity() * s.actionCount() - 1) <= UNIFORM_TOLERANCE;
    }

    private static int mostProbable(LoggedSample s) {
        int best = 0;
        for (int a = 1; a < s.actionCount(); a++) {
            if (s.targetProbability(a) > s.targetProbability(best)) best = a;
        }
        return best;
    }

    /** Inverse-CDF draw; the last action with positive probability absorbs rounding at u close to 1. */
    private static int draw(LoggedSample s, double u) {
        double cumulative = 0;
        int last = 0;
        for (int a = 0; a < s.actionCount(); a++) {
            double p = s.targetProbability(a);
            if (p <= 0) continue;
            cumulative += p;
            last = a;
            if (u < cumulative) return a;
        }
        return last;
    }
}
