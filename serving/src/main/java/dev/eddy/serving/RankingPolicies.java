package dev.eddy.serving;

import dev.eddy.bandits.slate.SlatePolicies;
import dev.eddy.bandits.slate.SlatePolicy;
import dev.eddy.serving.error.InvalidRequestException;
import dev.eddy.serving.model.BanditPolicy;
import dev.eddy.serving.model.SessionPolicyModel;

import java.util.List;

/**
 * The policies a variant may name, built as bandits' {@link SlatePolicy}s (the code a replay of a {@code serving:}
 * spec runs too). {@code neucb} (alias {@code bandit}) ranks with the newest version of the variant's
 * contextual-bandit model ({@code banditModel}), whatever learner published it; {@code ftrl-session} with the newest
 * version of the session policy named there; the others need no learned model.
 */
public final class RankingPolicies {
    public static final String BANDIT = SlatePolicies.BANDIT;
    /** An FTRL session policy published by the learner job (learner.session-models). */
    public static final String SESSION = SlatePolicies.SESSION;
    public static final List<String> NAMES = SlatePolicies.NAMES;

    private RankingPolicies() {}

    public static boolean isBandit(String policy) {
        return SlatePolicies.isBandit(policy);
    }

    /** Policies whose learned model the variant names in {@code banditModel}. */
    public static boolean needsLearnedModel(String policy) {
        return SlatePolicies.needsLearnedModel(policy);
    }

    /** Whether the policy ranks by the embedding model's scores (and so falls back while it is not loaded). */
    public static boolean needsScores(String policy) {
        return SlatePolicies.needsScores(policy);
    }

    /** Checks a plan at start, so that a typo fails the server instead of every request. */
    public static void check(VariantPlan plan, String where) {
        if (!NAMES.contains(plan.policy())) {
            throw new IllegalArgumentException(where + ": unknown policy '" + plan.policy() + "'; known: " + NAMES);
        }
        if (needsLearnedModel(plan.policy()) && (plan.banditModel() == null || plan.banditModel().isBlank())) {
            throw new IllegalArgumentException(where + ": policy '" + plan.policy() + "' needs a banditModel");
        }
        SlatePolicies.epsilon(plan.params(), SlatePolicies.DEFAULT_EPSILON);
    }

    /** A policy that needs no learned model; null for bandit policies. */
    public static SlatePolicy fixed(VariantPlan plan, double defaultEpsilon) {
        return SlatePolicies.fixed(plan.policy(), plan.params(), defaultEpsilon);
    }

    public static SlatePolicy uniform() {
        return SlatePolicies.uniform();
    }

    /** A contextual-bandit version ranking the candidates with their features (and the request's context). */
    public static SlatePolicy bandit(BanditPolicy version) {
        return version.slates();
    }

    /**
     * A session policy's version ranking at the request's step. The policy was learned for a fixed number of actions
     * and a horizon, so requests must send exactly that many candidates and a step below the horizon; anything else
     * is the client's mistake and answered 400.
     */
    public static SlatePolicy session(SessionPolicyModel version, Integer step, int candidates) {
        int s = step == null ? 0 : step;
        int horizon = version.spec().horizon();
        if (s >= horizon) {
            throw new InvalidRequestException("step", version.model() + " has horizon " + horizon
                    + ", so step must be < " + horizon + ", was " + s);
        }
        if (candidates != version.spec().actions()) {
            throw new InvalidRequestException("candidates", version.model() + " ranks exactly " + version.spec().actions()
                    + " candidates, got " + candidates);
        }
        return version.slates();
    }
}
