package dev.eddy.bandits.mdp.env;

import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.EpisodicEnvironment;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.Simulator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The structure the three synthetic environments share: a linear MDP in the sense of Jin et al. (2020), which is
 * what Dai et al. assume. At each step h the world is in one of S latent states s; action a has the fixed feature
 * vector φ(h, s, a), a random point of the probability simplex Δ_d (Dirichlet(½, …, ½)); the next state is drawn
 * from P_h(s' | s, a) = ⟨φ(h, s, a), μ_h(s')⟩ = Σ_i φ_i μ_{h,i}(s'), where each μ_{h,i} is a random distribution
 * over the next states; and episode k has the expected loss ℓ_k(h, s, a) = ⟨φ(h, s, a), θ_{k,h}⟩ with θ_{k,h} ∈
 * [0, 1]^d chosen by the subclass (the adversary) when the episode begins. Because φ is a probability vector, every
 * such kernel is a distribution and every such loss lies in [0, 1]; and Q^π_{k,h}(s, a) = ⟨φ(h, s, a), θ_{k,h} +
 * Σ_{s'} μ_h(s') V^π_{k,h+1}(s')⟩ is exactly linear in φ for every policy π, which the linear Q estimators of
 * the session policies rely on. (An earlier version drew the kernel independently of φ, so Q was only
 * approximately linear.) The observed loss is ℓ_k(h, s, a) plus zero-mean noise whose amplitude shrinks near 0
 * and 1, so it stays in [0, 1] without clipping and its mean is exactly ℓ_k.
 *
 * <p>The comparator is the best deterministic policy (h, s) → a. A policy only sees features, but the features of
 * different states differ almost surely, so such a map is implementable from what the policy sees. Because the
 * kernel and the initial distribution are the same in every episode, a fixed policy visits (h, s) with the same
 * probability in every episode, so its expected total loss over the episodes is its expected loss in one episode
 * under the summed table Σ_k ℓ_k: backward induction on that sum gives the best fixed policy exactly, even though
 * transitions depend on the action. The adversary may be adaptive; the comparator is taken on the tables it
 * actually chose, which is the usual regret against the best fixed policy in hindsight.
 */
public abstract class LatentLinearMdp implements EpisodicEnvironment, Simulator {

    /**
     * @param horizon H, steps per episode
     * @param actions A
     * @param dimension d, at least 2
     * @param latentStates S, latent states per step
     * @param noise amplitude of the uniform loss noise as a fraction of the distance to the nearer end of [0, 1]
     * @param seed fixes features, kernel, loss parameters and the adversary's own randomness
     */
    public record Config(int horizon, int actions, int dimension, int latentStates, double noise, long seed) {
        public Config {
            if (horizon < 1 || actions < 1 || latentStates < 1) {
                throw new IllegalArgumentException("horizon, actions and latentStates must be positive");
            }
            if (dimension < 2) throw new IllegalArgumentException("dimension must be at least 2");
            if (!(noise >= 0 && noise <= 1)) throw new IllegalArgumentException("noise must be in [0, 1]");
        }

        /** The experiments: H = 5, A = 10, d = 16, with 4 latent states per step and noise 0.5. */
        public static Config of(long seed) {
            return new Config(5, 10, 16, 4, 0.5, seed);
        }
    }

    protected final Config config;
    protected final int horizon;
    protected final int actions;
    protected final int dimension;
    protected final int states;

    private final double[][][][] features; // [h][s][a][d]
    private final double[] initial; // [s]
    private final double[][][][] kernel; // [h][s][a][s'], h < H - 1

    private final double[][][] table; // ℓ_k of the episode in progress (or the last one begun)
    private final double[][][] summed; // Σ_k ℓ_k over the episodes begun
    private final int[] episodeActions;
    private int episodes;
    private int step = -1; // -1: no episode in progress
    private int state;

    protected LatentLinearMdp(Config config) {
        this.config = config;
        this.horizon = config.horizon();
        this.actions = config.actions();
        this.dimension = config.dimension();
        this.states = config.latentStates();
        SplittableRandom rng = new SplittableRandom(config.seed());
        features = new double[horizon][states][actions][];
        for (int h = 0; h < horizon; h++) {
            for (int s = 0; s < states; s++) {
                for (int a = 0; a < actions; a++) features[h][s][a] = feature(rng, dimension);
            }
        }
        initial = randomDistribution(rng, states);
        kernel = new double[Math.max(0, horizon - 1)][states][actions][];
        for (int h = 0; h + 1 < horizon; h++) {
            double[][] mu = new double[dimension][]; // μ_{h,i}(·), one next-state distribution per coordinate
            for (int i = 0; i < dimension; i++) mu[i] = randomDistribution(rng, states);
            for (int s = 0; s < states; s++) {
                for (int a = 0; a < actions; a++) {
                    double[] p = new double[states];
                    double[] phi = features[h][s][a];
                    for (int i = 0; i < dimension; i++) {
                        for (int t = 0; t < states; t++) p[t] += phi[i] * mu[i][t];
                    }
                    kernel[h][s][a] = p;
                }
            }
        }
        table = new double[horizon][states][actions];
        summed = new double[horizon][states][actions];
        episodeActions = new int[horizon];
    }

    /**
     * Fills {@code out[h][s][a]} with the expected loss table of episode {@code k}, each entry in [0, 1]. Called once
     * per episode, in order, after {@link #episodeEnded} for episode k − 1.
     */
    protected abstract void lossTable(int k, double[][][] out);

    /** Lets an adaptive adversary see what the policy did; {@code actions[h]} is the action taken at step h. */
    protected void episodeEnded(int k, int[] actions) {}

    /** ⟨φ(h, s, a), θ_h⟩ for every (h, s, a): a loss table, in [0, 1] when every θ_h is in [0, 1]^d. */
    protected final double[][][] linearTable(double[][] theta) {
        double[][][] t = new double[horizon][states][actions];
        for (int h = 0; h < horizon; h++) {
            for (int s = 0; s < states; s++) {
                for (int a = 0; a < actions; a++) {
                    double dot = 0;
                    for (int i = 0; i < dimension; i++) dot += features[h][s][a][i] * theta[h][i];
                    t[h][s][a] = Math.min(1, Math.max(0, dot)); // clamps rounding only: φ ∈ Δ_d, θ ∈ [0, 1]^d
                }
            }
        }
        return t;
    }

    /** θ_h for each step, uniform on [0, 1]^d, so that ⟨φ, θ_h⟩ ∈ [0, 1] for every φ on the simplex. */
    protected static double[][] randomTheta(SplittableRandom rng, int horizon, int dimension) {
        double[][] theta = new double[horizon][dimension];
        for (double[] t : theta) {
            for (int i = 0; i < dimension; i++) t[i] = rng.nextDouble();
        }
        return theta;
    }

    /**
     * A Dirichlet(½, …, ½) point of the simplex: squared standard normals (Gamma(½) up to a common factor),
     * normalised. Skewed towards the corners, so that actions differ in loss by tenths rather than hundredths.
     */
    private static double[] feature(SplittableRandom rng, int dimension) {
        double[] v = new double[dimension];
        double sum;
        do {
            sum = 0;
            for (int i = 0; i < dimension; i++) {
                double z = gaussian(rng);
                v[i] = z * z;
                sum += v[i];
            }
        } while (!(sum > 0));
        for (int i = 0; i < dimension; i++) v[i] /= sum;
        return v;
    }

    private static double[] randomDistribution(SplittableRandom rng, int n) {
        // Exponential weights give a uniform point of the simplex: every transition is possible, none is forced.
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = -Math.log(1 - rng.nextDouble());
            sum += p[i];
        }
        for (int i = 0; i < n; i++) p[i] /= sum;
        return p;
    }

    static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static int sample(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < p.length; i++) {
            cumulative += p[i];
            if (u < cumulative) return i;
        }
        return p.length - 1; // u fell in the rounding gap at the top
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public int actions() {
        return actions;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    public int latentStates() {
        return states;
    }

    /** Episodes begun so far (the current one included). */
    public int episodes() {
        return episodes;
    }

    @Override
    public void begin(int k, SplittableRandom rng) {
        if (step >= 0) throw new IllegalStateException("episode " + (episodes - 1) + " has not ended");
        // The comparator sums the tables in order and the adversary reacts to the past, so episodes run in order.
        if (k != episodes) throw new IllegalArgumentException("expected episode " + episodes + ", got " + k);
        lossTable(k, table);
        for (int h = 0; h < horizon; h++) {
            for (int s = 0; s < states; s++) {
                for (int a = 0; a < actions; a++) {
                    double l = table[h][s][a];
                    if (!(l >= 0 && l <= 1)) throw new IllegalStateException("expected loss " + l + " outside [0, 1]");
                    summed[h][s][a] += l;
                }
            }
        }
        episodes++;
        step = 0;
        state = sample(initial, rng);
    }

    @Override
    public double[][] features() {
        requireInEpisode();
        double[][] f = new double[actions][];
        for (int a = 0; a < actions; a++) f[a] = features[step][state][a].clone();
        return f;
    }

    @Override
    public double step(int action, SplittableRandom rng) {
        requireInEpisode();
        if (action < 0 || action >= actions) throw new IllegalArgumentException("action " + action + " out of range");
        double mean = table[step][state][action];
        double amplitude = config.noise() * Math.min(mean, 1 - mean);
        double loss = Math.min(1, Math.max(0, mean + amplitude * (2 * rng.nextDouble() - 1)));
        episodeActions[step] = action;
        if (step + 1 < horizon) {
            state = sample(kernel[step][state][action], rng);
            step++;
        } else {
            step = -1;
            episodeEnded(episodes - 1, episodeActions.clone());
        }
        return loss;
    }

    /**
     * A rollout under the loss table of the episode most recently begun, with its own latent state: the real episode
     * in progress (if any), the comparator and the adversary are untouched. Losses carry the same noise as real ones.
     */
    @Override
    public Episode simulate(SessionPolicy policy, SplittableRandom rng) {
        if (episodes == 0) throw new IllegalStateException("no episode begun yet: the simulator has no losses");
        double[][][] f = new double[horizon][][];
        int[] taken = new int[horizon];
        double[] probabilities = new double[horizon];
        double[] losses = new double[horizon];
        double[] pi = new double[actions];
        int s = sample(initial, rng);
        for (int h = 0; h < horizon; h++) {
            f[h] = new double[actions][];
            for (int a = 0; a < actions; a++) f[h][a] = features[h][s][a].clone();
            policy.distribution(h, f[h], pi);
            int a = sample(pi, rng);
            taken[h] = a;
            probabilities[h] = pi[a];
            double mean = table[h][s][a];
            double amplitude = config.noise() * Math.min(mean, 1 - mean);
            losses[h] = Math.min(1, Math.max(0, mean + amplitude * (2 * rng.nextDouble() - 1)));
            if (h + 1 < horizon) s = sample(kernel[h][s][a], rng);
        }
        return new Episode(f, taken, probabilities, losses);
    }

    private void requireInEpisode() {
        if (step < 0) throw new IllegalStateException("no episode in progress: call begin");
    }

    /** The latent state of the current step (for tests and diagnostics; policies only see features). */
    public int state() {
        requireInEpisode();
        return state;
    }

    /** ℓ_k(h, s, a) of the episode in progress, or of the last one begun: the loss before noise. */
    public double expectedLoss(int h, int s, int a) {
        if (episodes == 0) throw new IllegalStateException("no episode begun yet");
        return table[h][s][a];
    }

    /** φ(h, s, a), a copy. */
    public double[] feature(int h, int s, int a) {
        return features[h][s][a].clone();
    }

    /** P(s_0 = s). */
    public double initialProbability(int s) {
        return initial[s];
    }

    /** P(s_{h+1} = next | s_h = s, a_h = a), for h < H − 1. */
    public double transition(int h, int s, int a, int next) {
        return kernel[h][s][a][next];
    }

    @Override
    public double bestFixedPolicyLoss() {
        return bestFixedPolicy(null);
    }

    /** The best fixed policy in hindsight as {@code policy[h][s]} = action (ties to the lowest action). */
    public int[][] bestFixedPolicy() {
        int[][] policy = new int[horizon][states];
        bestFixedPolicy(policy);
        return policy;
    }

    private double bestFixedPolicy(int[][] policy) {
        double[] next = new double[states]; // V_{h+1}, 0 after the last step
        double[] value = new double[states];
        for (int h = horizon - 1; h >= 0; h--) {
            for (int s = 0; s < states; s++) {
                double best = Double.POSITIVE_INFINITY;
                int arg = 0;
                for (int a = 0; a < actions; a++) {
                    double q = summed[h][s][a];
                    if (h + 1 < horizon) {
                        double[] p = kernel[h][s][a];
                        for (int t = 0; t < states; t++) q += p[t] * next[t];
                    }
                    if (q < best) {
                        best = q;
                        arg = a;
                    }
                }
                value[s] = best;
                if (policy != null) policy[h][s] = arg;
            }
            double[] swap = next;
            next = value;
            value = swap;
        }
        double total = 0;
        for (int s = 0; s < states; s++) total += initial[s] * next[s];
        return total;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + Arrays.asList(horizon, actions, dimension, states) + " seed " + config.seed();
    }
}
