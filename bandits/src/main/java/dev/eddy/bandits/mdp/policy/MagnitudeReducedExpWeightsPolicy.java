package dev.eddy.bandits.mdp.policy;

import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.Simulator;
import dev.eddy.bandits.mdp.ftrl.ExpWeights;
import dev.eddy.bandits.mdp.ftrl.MagnitudeReduction;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Algorithm 2 of Dai, Luo, Wei and Zimmert (ICML 2023): exponential weights (negative-entropy FTRL) per state over
 * magnitude-reduced linear Q estimates, with the environment as a simulator.
 *
 * <p>Batches and the linear estimate are those of {@link LogBarrierFtrlPolicy} (frozen policy over a batch, Σ̂⁺ from
 * the batch's visited states, loss-to-go minus a per-step baseline): u_e = Σ̂⁺_h φ(s_{e,h}, a_{e,h})(L_{e,h} − b_h)
 * and Z_e(s, a) = φ(s, a)ᵀu_e. At the end of a batch the policy, still frozen, is rolled out {@code rollouts} times in
 * the simulator, giving samples v_j of the same estimate and so E[min(Z(s, a), 0)] ≈ mean_j min(φ(s, a)ᵀv_j, 0).
 * Each real episode then adds Ẑ_e(s, a) = max(Z_e(s, a), 0) + E[min(Z(s, a), 0)] ({@link MagnitudeReduction}) to the
 * cumulative loss of (s, a).
 *
 * <p>Ẑ is not linear in φ, so unlike Algorithm 1 the cumulative losses cannot be kept as one d-vector per step.
 * The policy keeps them per state it has seen (a state is its feature matrix, compared by value), up to
 * {@code maxStates} per step: fine for the synthetic environments (S·H states) and for replays over a finite
 * context set, not for continuous contexts. A state seen for the first time starts from the unreduced linear
 * estimate φᵀΘ of the batches before it (same expectation, no magnitude reduction), as does every state beyond the
 * cap. The simulated rollouts of batch j use a random stream derived from the seed and j, so runs and snapshots are
 * reproducible.
 */
public final class MagnitudeReducedExpWeightsPolicy implements SessionPolicy {
    static final int MAGIC = 0x45444d52; // "EDMR"
    static final int VERSION = 1;
    private static final int CONFIG_BYTES = 3 * 4 + 4 * 8 + 3 * 4 + 8;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    /**
     * @param eta       η of the exponential weights
     * @param explore   ε, the weight of the uniform distribution mixed into the exponential weights
     * @param beta      β of the immediate exploration bonus β·φᵀΣ̂⁺φ subtracted per episode (0: none)
     * @param gamma     γ, the ridge of Σ̂⁺ = (γI + Σ̂)⁻¹
     * @param batch     episodes per batch (policy frozen, Σ̂ from its states)
     * @param rollouts  simulated episodes per batch for E[min(Z, 0)]
     * @param maxStates states per step whose cumulative losses are kept
     */
    public record Config(int horizon, int actions, int dimension, double eta, double explore, double beta, double gamma, int batch,
                         int rollouts, int maxStates, long seed) {
        public Config {
            if (horizon < 1 || actions < 1 || dimension < 1) throw new IllegalArgumentException("H, A, d must be positive");
            if (!(eta >= 0) || !Double.isFinite(eta)) throw new IllegalArgumentException("eta must be finite and ≥ 0");
            if (!(beta >= 0) || !Double.isFinite(beta)) throw new IllegalArgumentException("beta must be finite and ≥ 0");
            if (!(explore >= 0 && explore <= 1)) throw new IllegalArgumentException("explore must be in [0, 1]");
            if (!(gamma > 0) || !Double.isFinite(gamma)) throw new IllegalArgumentException("gamma must be > 0");
            if (batch < 1 || rollouts < 1 || maxStates < 0) throw new IllegalArgumentException("batch and rollouts must be ≥ 1, maxStates ≥ 0");
        }

        /** η = {@link #ETA_SCALE}/√K, γ = 1/K, batches of {@link LogBarrierFtrlPolicy#BATCH}, 20 rollouts per batch. */
        public static Config forHorizon(int horizon, int actions, int dimension, int episodes, long seed) {
            if (episodes < 1) throw new IllegalArgumentException("episodes must be ≥ 1");
            return new Config(horizon, actions, dimension, ETA_SCALE / Math.sqrt(episodes), EXPLORE, 0, 1.0 / episodes,
                    LogBarrierFtrlPolicy.BATCH, 20, 100_000, seed);
        }
    }

    /** c in η = c/√K, measured on the environments (see the bandits README). */
    public static final double ETA_SCALE = 3;

    /** Default ε. */
    public static final double EXPLORE = 0.01;

    private final Config config;
    private final Simulator simulator;
    private final int d;
    private final double[][] theta; // [h][d] Σ of the unreduced estimates: the start of states seen late
    private final double[] lossToGoSum;
    private final long[] lossToGoCount;
    private final EpisodeBatch batch;
    private final List<Map<StateKey, double[]>> cumulative = new ArrayList<>(); // per step: state → Σ Ẑ(s, ·)
    private long learned;
    private long flushes;
    private final double[] losses;

    public MagnitudeReducedExpWeightsPolicy(Config config, Simulator simulator) {
        if (simulator == null) throw new IllegalArgumentException("Algorithm 2 needs the environment as a simulator");
        this.config = config;
        this.simulator = simulator;
        this.d = config.dimension();
        int h = config.horizon();
        theta = new double[h][d];
        lossToGoSum = new double[h];
        lossToGoCount = new long[h];
        batch = new EpisodeBatch(h, d);
        for (int i = 0; i < h; i++) cumulative.add(new LinkedHashMap<>());
        losses = new double[config.actions()];
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "ftrl-expweights-mr";
    }

    @Override
    public void distribution(int step, double[][] features, double[] out) {
        if (step < 0 || step >= config.horizon()) throw new IllegalArgumentException("step " + step + " outside [0, " + config.horizon() + ")");
        Dense.checkFeatures(features, d, out);
        int actions = features.length;
        if (actions > losses.length) throw new IllegalArgumentException(actions + " actions, configured for " + losses.length);
        double[] cum = cumulative.get(step).get(StateKey.view(features));
        if (cum != null && cum.length == actions) {
            ExpWeights.solve(cum, actions, config.eta(), out);
        } else {
            for (int a = 0; a < actions; a++) losses[a] = Dense.dot(features[a], theta[step]);
            ExpWeights.solve(losses, actions, config.eta(), out);
        }
        double eps = config.explore();
        if (eps > 0) for (int a = 0; a < actions; a++) out[a] = (1 - eps) * out[a] + eps / actions;
    }

    /** Σ Ẑ(s, ·) of the state with these features at {@code step}, a copy, or null when the state is not kept. */
    public double[] cumulativeLoss(int step, double[][] features) {
        double[] c = cumulative.get(step).get(StateKey.view(features));
        return c == null ? null : c.clone();
    }

    /** Θ_h, the sum of the unreduced estimates, a copy. */
    public double[] theta(int step) {
        return theta[step].clone();
    }

    @Override
    public void learn(Episode episode) {
        batch.add(episode, LinearQ.policyAtVisitedStates(this, episode, config.horizon(), d));
        for (int h = 0; h < episode.length(); h++) {
            Map<StateKey, double[]> states = cumulative.get(h);
            double[][] f = episode.features()[h];
            if (states.size() < config.maxStates() && !states.containsKey(StateKey.view(f))) {
                double[] start = new double[f.length];
                for (int a = 0; a < f.length; a++) start[a] = Dense.dot(f[a], theta[h]);
                states.put(StateKey.copyOf(f), start);
            }
        }
        learned++;
        if (batch.size() == config.batch()) flush();
    }

    private void flush() {
        int horizon = config.horizon();
        double[][] inverse = batch.inverses(config.gamma());
        double[] baseline = new double[horizon];
        for (int h = 0; h < horizon; h++) if (lossToGoCount[h] > 0) baseline[h] = lossToGoSum[h] / lossToGoCount[h];

        // Samples of E[min(Z, 0)]: the frozen policy (nothing has changed yet) rolled out in the simulator.
        SplittableRandom rng = new SplittableRandom(config.seed() ^ (flushes + 1) * GOLDEN);
        List<List<double[]>> simulated = estimates(horizon);
        for (int j = 0; j < config.rollouts(); j++) {
            Episode e = simulator.simulate(this, rng);
            addEstimates(simulated, e.length(), takenFeatures(e), e.losses(), inverse, baseline);
        }
        List<List<double[]>> real = estimates(horizon);
        for (int i = 0; i < batch.size(); i++) {
            double[][] phi = batch.taken(i);
            addEstimates(real, phi.length, phi, batch.losses(i), inverse, baseline);
            double lossToGo = 0;
            for (int h = phi.length - 1; h >= 0; h--) {
                lossToGo += batch.losses(i)[h];
                lossToGoSum[h] += lossToGo;
                lossToGoCount[h]++;
            }
        }
        double[] z = new double[config.rollouts()];
        for (int h = 0; h < horizon; h++) {
            List<double[]> us = real.get(h);
            List<double[]> vs = simulated.get(h);
            for (double[] u : us) for (int i = 0; i < d; i++) theta[h][i] += u[i];
            if (us.isEmpty()) continue;
            for (Map.Entry<StateKey, double[]> state : cumulative.get(h).entrySet()) {
                double[][] f = state.getKey().features;
                double[] cum = state.getValue();
                for (int a = 0; a < f.length; a++) {
                    for (int j = 0; j < vs.size(); j++) z[j] = Dense.dot(f[a], vs.get(j));
                    double negative = MagnitudeReduction.meanNegativePart(z, vs.size());
                    for (double[] u : us) cum[a] += MagnitudeReduction.reduce(Dense.dot(f[a], u), negative);
                    if (config.beta() > 0) cum[a] -= us.size() * config.beta() * Dense.quadratic(inverse[h], f[a]);
                }
            }
        }
        batch.clear();
        flushes++;
    }

    private static List<List<double[]>> estimates(int horizon) {
        List<List<double[]>> list = new ArrayList<>(horizon);
        for (int h = 0; h < horizon; h++) list.add(new ArrayList<>());
        return list;
    }

    private static double[][] takenFeatures(Episode e) {
        double[][] phi = new double[e.length()][];
        for (int h = 0; h < phi.length; h++) phi[h] = e.features()[h][e.actions()[h]];
        return phi;
    }

    /** Appends Σ̂⁺_h φ_h (L_h − b_h) for every step of one episode to {@code out.get(h)}. */
    private void addEstimates(List<List<double[]>> out, int len, double[][] phi, double[] loss, double[][] inverse,
                              double[] baseline) {
        double lossToGo = 0;
        for (int h = len - 1; h >= 0; h--) {
            lossToGo += loss[h];
            double[] u = new double[d];
            Dense.addMatVec(u, inverse[h], phi[h], lossToGo - baseline[h]);
            out.get(h).add(u);
        }
    }

    @Override
    public byte[] snapshot() {
        int h = config.horizon();
        int size = 8 + CONFIG_BYTES + 16 + 8 * h * d + 16 * h + batch.bytes();
        for (Map<StateKey, double[]> states : cumulative) {
            size += 4;
            for (double[] c : states.values()) size += 4 + 8 * c.length * (d + 1);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(MAGIC).putInt(VERSION);
        putConfig(b);
        b.putLong(learned).putLong(flushes);
        Dense.put(b, theta);
        for (int i = 0; i < h; i++) b.putDouble(lossToGoSum[i]).putLong(lossToGoCount[i]);
        batch.put(b);
        for (Map<StateKey, double[]> states : cumulative) {
            b.putInt(states.size());
            for (Map.Entry<StateKey, double[]> s : states.entrySet()) {
                b.putInt(s.getValue().length);
                Dense.put(b, s.getKey().features);
                for (double v : s.getValue()) b.putDouble(v);
            }
        }
        return b.array();
    }

    private void putConfig(ByteBuffer b) {
        b.putInt(config.horizon()).putInt(config.actions()).putInt(config.dimension());
        b.putDouble(config.eta()).putDouble(config.explore()).putDouble(config.beta()).putDouble(config.gamma());
        b.putInt(config.batch()).putInt(config.rollouts()).putInt(config.maxStates()).putLong(config.seed());
    }

    @Override
    public void restore(byte[] snapshot) {
        ByteBuffer b = Dense.open(snapshot, MAGIC, VERSION, name());
        byte[] mine = new byte[CONFIG_BYTES];
        putConfig(ByteBuffer.wrap(mine));
        byte[] theirs = new byte[CONFIG_BYTES];
        MagnitudeReducedExpWeightsPolicy read = new MagnitudeReducedExpWeightsPolicy(config, simulator); // parsed aside
        try {
            b.get(theirs);
            if (!Arrays.equals(mine, theirs)) throw new IllegalArgumentException("snapshot was taken with a different configuration");
            read.learned = b.getLong();
            read.flushes = b.getLong();
            Dense.get(b, read.theta);
            for (int i = 0; i < config.horizon(); i++) {
                read.lossToGoSum[i] = b.getDouble();
                read.lossToGoCount[i] = b.getLong();
            }
            read.batch.get(b);
            for (Map<StateKey, double[]> states : read.cumulative) {
                int n = b.getInt();
                for (int s = 0; s < n; s++) {
                    int actions = b.getInt();
                    if (actions < 1 || actions > config.actions()) throw new IllegalArgumentException("corrupt " + name() + " snapshot");
                    double[][] f = new double[actions][d];
                    Dense.get(b, f);
                    double[] c = new double[actions];
                    for (int a = 0; a < actions; a++) c[a] = b.getDouble();
                    states.put(StateKey.copyOf(f), c);
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated " + name() + " snapshot", e);
        }
        if (b.hasRemaining()) throw new IllegalArgumentException("corrupt " + name() + " snapshot: " + b.remaining() + " bytes left over");
        learned = read.learned;
        flushes = read.flushes;
        for (int h = 0; h < config.horizon(); h++) {
            System.arraycopy(read.theta[h], 0, theta[h], 0, d);
            lossToGoSum[h] = read.lossToGoSum[h];
            lossToGoCount[h] = read.lossToGoCount[h];
            cumulative.get(h).clear();
            cumulative.get(h).putAll(read.cumulative.get(h));
        }
        batch.copyFrom(read.batch);
    }
}
