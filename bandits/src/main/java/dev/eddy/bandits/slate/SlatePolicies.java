package dev.eddy.bandits.slate;

import java.util.List;
import java.util.Map;

/**
 * The slate policies serving runs, by the name a variant (or a replay's {@code serving:NAME} spec) gives:
 * {@code mf-topk}, {@code epsilon-greedy} (params: {@code epsilon}) and {@code uniform} need no learned model;
 * {@code neucb} (alias {@code bandit}) ranks with a contextual-bandit model version ({@link BanditSlates}) and
 * {@code ftrl-session} with a session-policy version ({@link SessionSlates}), which the caller restores.
 */
public final class SlatePolicies {
    public static final String MF_TOPK = MfTopK.NAME;
    public static final String EPSILON_GREEDY = MfEpsilonGreedy.NAME;
    public static final String UNIFORM = UniformSlates.NAME;
    /** Any contextual-bandit model version, whatever learner published it. */
    public static final String BANDIT = "neucb";
    public static final String BANDIT_ALIAS = "bandit";
    /** An FTRL session policy published by the learner job (learner.session-models). */
    public static final String SESSION = "ftrl-session";
    public static final List<String> NAMES = List.of(MF_TOPK, BANDIT, BANDIT_ALIAS, SESSION, EPSILON_GREEDY, UNIFORM);
    /** Epsilon-greedy's exploration rate when nothing sets it (serving.epsilon's default too). */
    public static final double DEFAULT_EPSILON = 0.1;

    private static final MfTopK MF_TOPK_POLICY = new MfTopK();
    private static final UniformSlates UNIFORM_POLICY = new UniformSlates();

    private SlatePolicies() {}

    public static boolean isBandit(String policy) {
        return BANDIT.equals(policy) || BANDIT_ALIAS.equals(policy);
    }

    /** Policies that rank with a learned model (a contextual-bandit or session-policy version). */
    public static boolean needsLearnedModel(String policy) {
        return isBandit(policy) || SESSION.equals(policy);
    }

    /** Whether the policy ranks by the embedding model's MF scores. */
    public static boolean needsScores(String policy) {
        return MF_TOPK.equals(policy) || EPSILON_GREEDY.equals(policy);
    }

    /**
     * The policy {@code name} when it needs no learned model; null for those that do.
     *
     * @param defaultEpsilon epsilon-greedy's exploration rate when {@code params} give no {@code epsilon}
     * @throws IllegalArgumentException for a bad {@code epsilon}
     */
    public static SlatePolicy fixed(String name, Map<String, String> params, double defaultEpsilon) {
        return switch (name) {
            case MF_TOPK -> MF_TOPK_POLICY;
            case UNIFORM -> UNIFORM_POLICY;
            case EPSILON_GREEDY -> new MfEpsilonGreedy(epsilon(params, defaultEpsilon));
            default -> null;
        };
    }

    public static SlatePolicy uniform() {
        return UNIFORM_POLICY;
    }

    /** The {@code epsilon} param in [0, 1], or {@code def} when absent. */
    public static double epsilon(Map<String, String> params, double def) {
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
