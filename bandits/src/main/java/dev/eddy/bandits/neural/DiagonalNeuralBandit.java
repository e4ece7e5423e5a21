package dev.eddy.bandits.neural;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.events.features.SparseVector;
import org.apache.commons.statistics.distribution.NormalDistribution;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * NeuralUCB (Zhou, Li, Gu, ICML 2020) and NeuralTS (Zhang, Zhou, Gu et al., ICLR 2021) with the diagonal
 * approximation of the gradient covariance that both papers' experiments use: U = λ + Σ g∘g over the gradients
 * g = ∇f(θ; x) of the chosen actions, and the confidence width of action a is sqrt(λ Σ_p g_p² / U_p). NeuralUCB picks
 * the largest f + ν·width; NeuralTS draws r̃_a ~ N(f, (ν·width)²) per action and picks the largest draw.
 *
 * <p>The network and the regression are NeuCB's ({@link Mlp}, {@link PerturbedRegression} with σ = 0 on the squared
 * loss, here of the reward itself), so that a comparison with NeuSquareCB differs in the exploration only. One
 * departure from the papers: they retrain on the whole history (up to hundreds of SGD passes per round, with an
 * L2 pull towards θ₀ of mλ); this learner, like NeuCB, takes online steps on the new round only, which is what a
 * streaming learner can afford. U is updated in {@link #learn}, from the gradient before that round's step (the
 * θ the choice was made with, when learning follows choosing), so a logged round teaches U as well.
 *
 * <p>Logged distributions: NeuralUCB is deterministic (probability 1, uniform over exact ties). NeuralTS logs the
 * probability that each action's draw is the largest, P(a) = E_z[Π_{b≠a} Φ((f_a + s_a z − f_b)/s_b)], computed by a
 * 64-point midpoint rule over the quantiles of z and renormalised to sum 1 — an approximation (its error is a few
 * 10⁻³ at worst on near-ties), good for diagnostics and replay, to be used with care as an IPS weight.
 */
public final class DiagonalNeuralBandit implements ContextualBandit {
    private static final int MAGIC = 0x4E554342; // "NUCB"
    private static final int VERSION = 1;
    private static final int QUADRATURE_POINTS = 64;
    private static final double[] QUANTILES = new double[QUADRATURE_POINTS];
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
    // The draw of the chosen action has a positive probability; the quadrature may round it to 0, which a Choice
    // (and an IPS weight) cannot take.
    private static final double SMALLEST_PROPENSITY = 1e-6;

    static {
        for (int i = 0; i < QUADRATURE_POINTS; i++) {
            QUANTILES[i] = STANDARD_NORMAL.inverseCumulativeProbability((i + 0.5) / QUADRATURE_POINTS);
        }
    }

    private final NeuralUcbConfig config;
    private final int inputDim;
    private final PerturbedRegression oracle;
    private final double[] u;
    private double[] mean = new double[16];
    private double[] spread = new double[16];
    private double[] score = new double[16];
    private long t;

    public DiagonalNeuralBandit(NeuralUcbConfig config, int inputDim) {
        this.config = config;
        this.inputDim = inputDim;
        int[] widths = new int[config.hiddenLayers()];
        Arrays.fill(widths, config.width());
        SplittableRandom init = new SplittableRandom(config.seed());
        Mlp net = new Mlp(inputDim, widths, Mlp.Output.RAW, init);
        this.oracle = new PerturbedRegression(net, Loss.SQUARED, 0, config.clip(), init.nextLong());
        this.u = new double[net.size()];
        Arrays.fill(u, config.lambda());
    }

    /** NeuralUCB with {@link NeuralUcbConfig#ucbDefaults}. */
    public static DiagonalNeuralBandit neuralUcb(int inputDim, long seed) {
        return new DiagonalNeuralBandit(NeuralUcbConfig.ucbDefaults(seed), inputDim);
    }

    /** NeuralTS with {@link NeuralUcbConfig#tsDefaults}. */
    public static DiagonalNeuralBandit neuralTs(int inputDim, long seed) {
        return new DiagonalNeuralBandit(NeuralUcbConfig.tsDefaults(seed), inputDim);
    }

    public NeuralUcbConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.name();
    }

    /** Rounds learned so far. */
    public long rounds() {
        return t;
    }

    /** The predicted reward f(θ; x). */
    public double predict(SparseVector x) {
        return oracle.predict(x);
    }

    /** The exploration scale of x: ν · sqrt(λ Σ g²/U), with g the gradient at x. */
    public double width(SparseVector x) {
        Mlp net = oracle.net();
        net.forward(x);
        net.backward();
        return config.nu() * Math.sqrt(config.lambda() * net.gradientSquaredNormOver(x, u));
    }

    @Override
    public Choice choose(BanditRound round, SplittableRandom rng) {
        int k = round.size();
        ensureCapacity(k);
        Mlp net = oracle.net();
        for (int a = 0; a < k; a++) {
            SparseVector x = round.actions().get(a);
            mean[a] = net.forward(x);
            if (!Double.isFinite(mean[a])) {
                throw new IllegalStateException(config.name() + " diverged after " + t + " rounds (prediction "
                        + mean[a] + "): lower the learning rate or set a gradient clip");
            }
            net.backward();
            spread[a] = config.nu() * Math.sqrt(config.lambda() * net.gradientSquaredNormOver(x, u));
        }
        double[] distribution = new double[k];
        if (config.exploration() == NeuralUcbConfig.Exploration.UCB) {
            for (int a = 0; a < k; a++) score[a] = mean[a] + spread[a];
            int best = argmaxWithTies(score, k, rng);
            fillOneHotOrTies(score, k, distribution);
            return new Choice(best, distribution[best], distribution);
        }
        for (int a = 0; a < k; a++) score[a] = mean[a] + spread[a] * rng.nextGaussian();
        int drawn = argmaxWithTies(score, k, rng);
        thompsonDistribution(mean, spread, k, distribution);
        if (distribution[drawn] < SMALLEST_PROPENSITY) {
            distribution[drawn] = SMALLEST_PROPENSITY;
            normalise(distribution);
        }
        return new Choice(drawn, distribution[drawn], distribution);
    }

    /**
     * One round: U += w·g∘g at the chosen action's gradient (before the step), then the online regression of the
     * reward. The propensity is not used: like the papers, the regression fits the observed actions unweighted.
     */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward) {
        learn(round, action, probability, reward, 1.0);
    }

    /** The round counted {@code weight} times: U grows by weight·g∘g and the gradient steps scale by weight. */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward, double weight) {
        if (!(reward >= 0 && reward <= 1)) throw new IllegalArgumentException("reward must be in [0, 1]: " + reward);
        ContextualBandit.checkWeight(weight);
        SparseVector x = round.actions().get(action);
        Mlp net = oracle.net();
        net.forward(x);
        net.backward();
        net.addSquaredGradient(x, u, weight);
        t++;
        oracle.update(x, reward, config.learningRate() * weight, config.steps());
    }

    @Override
    public boolean honoursWeight() {
        return true;
    }

    /**
     * P(a's draw is the largest) for independent draws N(m_a, s_a²), by a midpoint rule over the quantiles of a's
     * standardised draw, renormalised.
     */
    static void thompsonDistribution(double[] m, double[] s, int k, double[] out) {
        double zLow = QUANTILES[0];
        double zTop = QUANTILES[QUADRATURE_POINTS - 1];
        int[] rivals = new int[k];
        double total = 0;
        for (int a = 0; a < k; a++) {
            // Only rivals whose factor is not 1 over a's whole quadrature range enter the product; a rival that
            // beats a's highest point almost surely makes P(a) = 0.
            int n = 0;
            boolean beaten = false;
            for (int b = 0; b < k && !beaten; b++) {
                if (b == a) continue;
                if (certain(m[a] + s[a] * zLow - m[b], s[b]) > 0) continue;
                beaten = certain(m[a] + s[a] * zTop - m[b], s[b]) < 0;
                rivals[n++] = b;
            }
            if (beaten) {
                out[a] = 0;
                continue;
            }
            double sum = 0;
            for (int i = 0; i < QUADRATURE_POINTS; i++) {
                double v = m[a] + s[a] * QUANTILES[i];
                double product = 1;
                for (int j = 0; j < n && product > 1e-15; j++) product *= below(v - m[rivals[j]], s[rivals[j]]);
                sum += product;
            }
            out[a] = sum / QUADRATURE_POINTS;
            total += out[a];
        }
        if (total > 0) {
            for (int a = 0; a < k; a++) out[a] /= total;
        } else {
            Arrays.fill(out, 0, k, 1.0 / k);
        }
    }

    /** +1 when N(0, s²) < d is certain (to 8.5 sd), −1 when impossible, 0 otherwise. */
    private static int certain(double d, double s) {
        if (s > 0) return d / s > 8.5 ? 1 : d / s < -8.5 ? -1 : 0;
        return d > 0 ? 1 : d < 0 ? -1 : 0;
    }

    /** P(N(0, s²) < d), with a point mass for s = 0 (an exact tie counts half). */
    private static double below(double d, double s) {
        if (s > 0) {
            double z = d / s;
            if (z > 8.5) return 1;
            if (z < -8.5) return 0;
            return STANDARD_NORMAL.cumulativeProbability(z);
        }
        return d > 0 ? 1 : d < 0 ? 0 : 0.5;
    }

    private static int argmaxWithTies(double[] v, int k, SplittableRandom rng) {
        int best = 0;
        int ties = 1;
        for (int a = 1; a < k; a++) {
            if (v[a] > v[best]) {
                best = a;
                ties = 1;
            } else if (v[a] == v[best] && rng.nextInt(++ties) == 0) {
                best = a; // reservoir sampling: uniform over the exact ties
            }
        }
        return best;
    }

    private static void fillOneHotOrTies(double[] v, int k, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < k; a++) max = Math.max(max, v[a]);
        int ties = 0;
        for (int a = 0; a < k; a++) if (v[a] == max) ties++;
        for (int a = 0; a < k; a++) out[a] = v[a] == max ? 1.0 / ties : 0;
    }

    private static void normalise(double[] p) {
        double sum = 0;
        for (double v : p) sum += v;
        for (int a = 0; a < p.length; a++) p[a] /= sum;
    }

    @Override
    public byte[] snapshot() {
        Mlp net = oracle.net();
        float[] theta = new float[net.size()];
        net.copyParameters(theta);
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 + 8 + 4 + 4 * theta.length + 8 * u.length + 8);
        buf.putInt(MAGIC).putInt(VERSION).putLong(configHash()).putInt(theta.length);
        for (float v : theta) buf.putFloat(v);
        for (double v : u) buf.putDouble(v);
        buf.putLong(t);
        return buf.array();
    }

    @Override
    public void restore(byte[] snapshot) {
        ByteBuffer buf = ByteBuffer.wrap(snapshot);
        Mlp net = oracle.net();
        if (snapshot.length < 20 || buf.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a NeuralUCB/NeuralTS snapshot");
        }
        int version = buf.getInt();
        if (version != VERSION) throw new IllegalArgumentException("unsupported NeuralUCB/NeuralTS snapshot version " + version);
        if (buf.getLong() != configHash()) {
            throw new IllegalArgumentException("snapshot was taken from a learner with another configuration");
        }
        int size = buf.getInt();
        if (size != net.size() || buf.remaining() != 12L * size + 8) {
            throw new IllegalArgumentException("snapshot holds " + size + " parameters, expected " + net.size());
        }
        float[] theta = new float[size];
        for (int p = 0; p < size; p++) theta[p] = buf.getFloat();
        double[] restored = new double[size];
        for (int p = 0; p < size; p++) restored[p] = buf.getDouble();
        net.loadParameters(theta);
        System.arraycopy(restored, 0, u, 0, size);
        t = buf.getLong();
    }

    /** The configuration's text and the input dimension, hashed. */
    private long configHash() {
        return ConfigHash.of(config + "|" + inputDim);
    }

    private void ensureCapacity(int k) {
        if (mean.length < k) {
            int n = Math.max(k, 2 * mean.length);
            mean = new double[n];
            spread = new double[n];
            score = new double[n];
        }
    }
}
