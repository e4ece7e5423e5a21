package dev.eddy.serving;

import dev.eddy.serving.rank.EpsilonGreedyRanking;
import dev.eddy.serving.rank.MfTopK;
import dev.eddy.serving.rank.RankingPolicy;
import dev.eddy.serving.rank.UniformRanking;

import java.util.List;
import java.util.Map;

/**
 * The policies a variant may name. {@code neucb} (alias {@code bandit}) ranks with the newest version of the
 * variant's contextual-bandit model ({@code banditModel}), whatever learner published it; {@code ftrl-session} with
 * the newest version of the session policy named there; the others need no learned policy.
 */
public final class RankingPolicies {
    public static final String BANDIT = "neucb";
    /** An FTRL session policy published by the learner job (learner.session-models). */
    public static final String SESSION = "ftrl-session";
    public static final List<String> NAMES = List.of(MfTopK.NAME, BANDIT, "bandit", SESSION, EpsilonGreedyRanking.NAME,
            UniformRanking.NAME);

    private static final MfTopK MF_TOPK = new MfTopK();
    private static final UniformRanking UNIFORM = new UniformRanking();

    private RankingPolicies() {}

    public static boolean isBandit(String policy) {
        return BANDIT.equals(policy) || "bandit".equals(policy);
    }

    /** Policies whose learned model the variant names in {@code banditModel}. */
    public static boolean needsLearnedModel(String policy) {
        return isBandit(policy) || SESSION.equals(policy);
    }

    /** Whether the policy ranks by the embedding model's scores (and so falls back while it is not loaded). */
    public static boolean needsScores(String policy) {
        return MfTopK.NAME.equals(policy) || EpsilonGreedyRanking.NAME.equals(policy);
    }

    /** Checks a plan at start, so that a typo fails the server instead of every request. */
    public static void check(VariantPlan plan, String where) {
        if (!NAMES.contains(plan.policy())) {
            throw new IllegalArgumentException(where + ": unknown policy '" + plan.policy() + "'; known: " + NAMES);
        }
        if (needsLearnedModel(plan.policy()) && (plan.banditModel() == null || plan.banditModel().isBlank())) {
            throw new IllegalArgumentException(where + ": policy '" + plan.policy() + "' needs a banditModel");
        }
        epsilon(plan.params(), 0.1);
    }

    /** A policy that needs no learned model; null for bandit policies. */
    public static RankingPolicy fixed(VariantPlan plan, double defaultEpsilon) {
        return switch (plan.policy()) {
            case MfTopK.NAME -> MF_TOPK;
            case UniformRanking.NAME -> UNIFORM;
            case EpsilonGreedyRanking.NAME -> new EpsilonGreedyRanking(epsilon(plan.params(), defaultEpsilon));
            default -> null;
        };
    }

    public static RankingPolicy uniform() {
        return UNIFORM;
    }

    private static double epsilon(Map<String, String> params, double def) {
        String v = params.get("epsilon");
        if (v == null) return def;
        try {
            double e = Double.parseDouble(v);
            if (e >= 0 && e <= 1) return e;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("params.epsilon must be a number in [0, 1], was '" + v + "'");
    }
}
