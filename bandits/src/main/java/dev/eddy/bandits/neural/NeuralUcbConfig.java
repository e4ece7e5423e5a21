package dev.eddy.bandits.neural;

/**
 * How a {@link DiagonalNeuralBandit} (NeuralUCB or NeuralTS) is built.
 *
 * @param name         the name in reports: "neuralucb" or "neuralts"
 * @param exploration  UCB (the upper bound f + ν·width, argmax) or THOMPSON (a draw from N(f, (ν·width)²), argmax)
 * @param hiddenLayers number of hidden ReLU layers, at least 1
 * @param width        units per hidden layer
 * @param lambda       λ: the diagonal U starts at λ (U = λI + Σ g gᵀ, diagonal) and the width is sqrt(λ gᵀU⁻¹g)
 * @param nu           ν: the exploration scale
 * @param learningRate the step size of the online squared-loss regression of the reward
 * @param steps        gradient steps per observed round, at least 1
 * @param clip         largest gradient norm of one step; 0 for none
 * @param seed         seeds the initial weights
 */
public record NeuralUcbConfig(String name, Exploration exploration, int hiddenLayers, int width, double lambda,
                              double nu, double learningRate, int steps, double clip, long seed) {

    /** How the confidence width turns into a choice. */
    public enum Exploration { UCB, THOMPSON }

    /**
     * λ of the defaults, from the papers' grid {1, 10⁻¹, 10⁻², 10⁻³}. With the diagonal U = λ + Σ g∘g the width
     * of a coordinate shrinks only once Σ g_p² is comparable to λ, and single gradient entries of a 64-unit network
     * are small (|g_p| ≈ 0.1), so λ = 1 kept exploring long after the network had learned; 10⁻² did best of
     * (λ, ν) ∈ {(1, 0.1), (0.01, 0.1), (1, 0.01), (0.001, 0.01), (1, 1)} in one pilot (NeuralUCB, letter, 3,000
     * rounds, seed 99, not a seed of the reported runs), and is used on every data set.
     */
    public static final double DEFAULT_LAMBDA = 0.01;
    /** ν of the defaults, from the papers' grid {10⁻¹, …, 10⁻⁵}: the same pilot. */
    public static final double DEFAULT_NU = 0.1;

    public NeuralUcbConfig {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must not be blank");
        if (exploration == null) throw new IllegalArgumentException("exploration is required");
        if (hiddenLayers < 1 || width < 1) throw new IllegalArgumentException("need hiddenLayers >= 1 and width >= 1");
        if (!(lambda > 0) || !Double.isFinite(lambda)) throw new IllegalArgumentException("lambda must be > 0");
        if (!(nu >= 0) || !Double.isFinite(nu)) throw new IllegalArgumentException("nu must be >= 0");
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0");
        }
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1");
        if (!(clip >= 0)) throw new IllegalArgumentException("clip must be >= 0");
    }

    /**
     * NeuralUCB on NeuSquareCB's network and oracle (2 hidden layers of 64 units, lr 0.05 constant, one step, clip
     * 5), so that the comparison differs in the exploration only; λ = {@link #DEFAULT_LAMBDA}, ν =
     * {@link #DEFAULT_NU}.
     */
    public static NeuralUcbConfig ucbDefaults(long seed) {
        return new NeuralUcbConfig("neuralucb", Exploration.UCB, 2, 64, DEFAULT_LAMBDA, DEFAULT_NU, 0.05, 1,
                NeuCbConfig.DEFAULT_CLIP, seed);
    }

    /** NeuralTS with the same network, oracle, λ and ν as {@link #ucbDefaults}. */
    public static NeuralUcbConfig tsDefaults(long seed) {
        return new NeuralUcbConfig("neuralts", Exploration.THOMPSON, 2, 64, DEFAULT_LAMBDA, DEFAULT_NU, 0.05, 1,
                NeuCbConfig.DEFAULT_CLIP, seed);
    }
}
