package dev.eddy.bandits.neural;

/**
 * The regression loss of the online oracle, as a function of the network's raw output z and a target loss y in [0, 1].
 */
public enum Loss {
    /** ½ (z − y)² on the raw output: the oracle of NeuSquareCB. */
    SQUARED(Mlp.Output.RAW) {
        @Override
        public double value(double z, double y) {
            return 0.5 * (z - y) * (z - y);
        }

        @Override
        public double derivative(double z, double y) {
            return z - y;
        }
    },
    /**
     * Binary cross-entropy of σ(z) against y, which is KL(y ‖ σ(z)) up to a constant in z: the oracle of NeuFastCB.
     * Taken on the logit so that it stays finite and its derivative is simply σ(z) − y.
     */
    KL(Mlp.Output.SIGMOID) {
        @Override
        public double value(double z, double y) {
            return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
        }

        @Override
        public double derivative(double z, double y) {
            return Mlp.sigmoid(z) - y;
        }
    };

    private final Mlp.Output output;

    Loss(Mlp.Output output) {
        this.output = output;
    }

    /** How the network's output is read as a predicted loss under this regression loss. */
    public Mlp.Output output() {
        return output;
    }

    public abstract double value(double z, double y);

    /** ∂ value / ∂z. */
    public abstract double derivative(double z, double y);
}
