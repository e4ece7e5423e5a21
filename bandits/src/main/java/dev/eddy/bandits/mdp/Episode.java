package dev.eddy.bandits.mdp;

/**
 * One finished session of at most H steps: at step h the policy saw the features φ(s_h, a) of every action
 * ({@code features[h][a]}, each of dimension d), took {@code actions[h]} with probability {@code probabilities[h]}
 * and observed only that action's loss {@code losses[h]} (bandit feedback). Losses are in [0, 1].
 */
public record Episode(double[][][] features, int[] actions, double[] probabilities, double[] losses) {
    public Episode {
        int h = actions.length;
        if (h == 0) throw new IllegalArgumentException("an episode has at least one step");
        if (features.length != h || probabilities.length != h || losses.length != h) {
            throw new IllegalArgumentException("features, actions, probabilities and losses need one entry per step");
        }
    }

    public int length() {
        return actions.length;
    }

    /** L_h: the realised loss-to-go from step h (the sum of the losses of steps h..end). */
    public double lossToGo(int h) {
        double sum = 0;
        for (int i = h; i < losses.length; i++) sum += losses[i];
        return sum;
    }
}
