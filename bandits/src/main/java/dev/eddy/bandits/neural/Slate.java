package dev.eddy.bandits.neural;

/**
 * An ordered top-k: {@code actions[i]} at position i, drawn with conditional probability {@code propensities[i]}
 * given the actions above it. The probability of the whole slate is the product of the propensities.
 */
public record Slate(int[] actions, double[] propensities) {
    public Slate {
        if (actions.length != propensities.length) throw new IllegalArgumentException("one propensity per position");
    }

    public int size() {
        return actions.length;
    }
}
