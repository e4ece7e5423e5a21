package dev.eddy.bandits.neural;

/**
 * A slate with what it was drawn from: the first-slot distribution over all n actions and each action's predicted
 * loss ({@link NeuCB#predictLoss}), both indexed by action.
 */
public record RankedSlate(Slate slate, double[] distribution, double[] predictedLosses) {
    public RankedSlate {
        if (distribution.length != predictedLosses.length) throw new IllegalArgumentException("one loss per action");
    }
}
