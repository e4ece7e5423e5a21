package dev.eddy.bandits.mdp.policy;

import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.SessionPolicy;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Baseline: ε-greedy over least-squares Q estimates. Per step h, ridge regression of the realised loss-to-go on
 * φ(s_h, a_h) gives w_h = (λI + Σ φφᵀ)⁻¹ Σ φ L; π puts ε/A on every action and the rest on the actions of least
 * Q̂ = φᵀw_h (split evenly among exact ties, so the untrained policy is uniform). Only sums are kept, so learning
 * does not depend on the order of episodes. It assumes a stationary world; against a drifting adversary its
 * regret grows linearly, which is what the comparison is for.
 */
public final class EpsilonGreedyLinearQPolicy implements SessionPolicy {
    static final int MAGIC = 0x45444547; // "EDEG"
    static final int VERSION = 1;
    private static final int CONFIG_BYTES = 3 * 4 + 2 * 8;

    public record Config(int horizon, int actions, int dimension, double epsilon, double ridge) {
        public Config {
            if (horizon < 1 || actions < 1 || dimension < 1) throw new IllegalArgumentException("H, A, d must be positive");
            if (!(epsilon >= 0 && epsilon <= 1)) throw new IllegalArgumentException("epsilon must be in [0, 1]");
            if (!(ridge > 0) || !Double.isFinite(ridge)) throw new IllegalArgumentException("ridge must be > 0");
        }
    }

    private final Config config;
    private final int d;
    private final double[][] gram;   // [h][d*d] Σ φφᵀ (ridge added when solving)
    private final double[][] target; // [h][d]   Σ φ L
    private final double[][] weights; // [h][d]  cached solution, null when stale
    private double[] q = new double[0];

    public EpsilonGreedyLinearQPolicy(Config config) {
        this.config = config;
        this.d = config.dimension();
        gram = new double[config.horizon()][d * d];
        target = new double[config.horizon()][d];
        weights = new double[config.horizon()][];
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "epsilon-greedy-q";
    }

    @Override
    public void distribution(int step, double[][] features, double[] out) {
        if (step < 0 || step >= config.horizon()) throw new IllegalArgumentException("step " + step + " outside [0, " + config.horizon() + ")");
        Dense.checkFeatures(features, d, out);
        int actions = features.length;
        if (weights[step] == null) {
            double[] w = new double[d];
            Dense.addMatVec(w, Dense.ridgeInverse(gram[step], d, 1, config.ridge()), target[step], 1);
            weights[step] = w;
        }
        if (q.length < actions) q = new double[actions];
        double min = Double.POSITIVE_INFINITY;
        for (int a = 0; a < actions; a++) {
            q[a] = Dense.dot(features[a], weights[step]);
            min = Math.min(min, q[a]);
        }
        int ties = 0;
        for (int a = 0; a < actions; a++) if (q[a] == min) ties++;
        double explore = config.epsilon() / actions;
        double greedy = (1 - config.epsilon()) / ties;
        for (int a = 0; a < actions; a++) out[a] = explore + (q[a] == min ? greedy : 0);
    }

    @Override
    public void learn(Episode episode) {
        int len = episode.length();
        if (len > config.horizon()) throw new IllegalArgumentException("episode has " + len + " steps, H = " + config.horizon());
        for (int h = 0; h < len; h++) {
            double[][] f = episode.features()[h];
            Dense.checkFeatures(f, d);
            double[] phi = f[episode.actions()[h]];
            Dense.addOuter(gram[h], phi, 1);
            double l = episode.lossToGo(h);
            for (int i = 0; i < d; i++) target[h][i] += phi[i] * l;
            weights[h] = null;
        }
    }

    @Override
    public byte[] snapshot() {
        int h = config.horizon();
        ByteBuffer b = ByteBuffer.allocate(8 + CONFIG_BYTES + 8 * (h * d * d + h * d));
        b.putInt(MAGIC).putInt(VERSION);
        putConfig(b);
        Dense.put(b, gram);
        Dense.put(b, target);
        return b.array();
    }

    private void putConfig(ByteBuffer b) {
        b.putInt(config.horizon()).putInt(config.actions()).putInt(config.dimension());
        b.putDouble(config.epsilon()).putDouble(config.ridge());
    }

    @Override
    public void restore(byte[] snapshot) {
        ByteBuffer b = Dense.open(snapshot, MAGIC, VERSION, name());
        byte[] mine = new byte[CONFIG_BYTES];
        putConfig(ByteBuffer.wrap(mine));
        int h = config.horizon();
        if (snapshot.length != 8 + CONFIG_BYTES + 8 * (h * d * d + h * d)) throw new IllegalArgumentException("corrupt " + name() + " snapshot");
        byte[] theirs = new byte[CONFIG_BYTES];
        b.get(theirs);
        if (!Arrays.equals(mine, theirs)) throw new IllegalArgumentException("snapshot was taken with a different configuration");
        Dense.get(b, gram);
        Dense.get(b, target);
        Arrays.fill(weights, null);
    }
}
