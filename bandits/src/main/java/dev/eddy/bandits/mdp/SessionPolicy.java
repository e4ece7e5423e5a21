package dev.eddy.bandits.mdp;

/**
 * A policy for sessions (episodes of at most H steps): per step it gives a distribution over the actions from
 * their state-action features, and it learns only when a whole episode has ended, from bandit feedback.
 */
public interface SessionPolicy {

    String name();

    /**
     * Writes π(·|s) for step {@code step} into {@code out} (length ≥ A), given {@code features[a]} = φ(s, a).
     */
    void distribution(int step, double[][] features, double[] out);

    /** Learns from one finished episode; episodes may arrive in any order. */
    void learn(Episode episode);

    byte[] snapshot();

    void restore(byte[] snapshot);
}
