package dev.eddy.bandits.mdp.policy;

import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.ftrl.LogBarrierFtrl;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Algorithm 1 of Dai, Luo, Wei and Zimmert (ICML 2023): per state, log-barrier FTRL over linear Q estimates.
 *
 * <h2>Policy</h2>
 * π(·|s) at step h is {@link LogBarrierFtrl} over L_a = φ(s,a)ᵀΘ_h − β·φ(s,a)ᵀS_hφ(s,a), where Θ_h is the sum of
 * the learned estimates and S_h = Σ_τ Σ̂⁺_{τ,h} the sum of the inverse covariances they used, so that the second
 * term is the cumulative immediate bonus Σ_τ b_τ(s,a) with b_τ(s,a) = β φᵀΣ̂⁺_{τ,h}φ. State is O(H·d²) whatever
 * the number of episodes.
 *
 * <h2>Estimator and dilated bonus</h2>
 * For a learned episode, with L_h the realised loss-to-go from step h and a_h the action taken,
 * θ̂_h = Σ̂⁺_h φ(s_h,a_h) (L_h − D_h), where D_h = Σ_{h' &gt; h} (1 + 1/H)^{h'−h} b(s_{h'}, a_{h'}) is the realised
 * dilated bonus-to-go. This is the dilated bonus of Luo, Wei and Lee (2021), B_h = b_h + (1 + 1/H)·E[B_{h+1}],
 * unrolled along the session and estimated by the same linear estimator as the loss: we have no transition
 * model, so the future part is taken from the states the episode actually visited. The immediate part b_h is
 * known exactly at decision time and enters through S_h. With the bonus off, D = 0 and S is unused.
 *
 * <h2>Covariance</h2>
 * Σ_h is the average over learned episodes (that reached step h) of Σ_a π(a|s_h) φ(s_h,a)φ(s_h,a)ᵀ at the visited
 * state. An {@link Episode} records only the taken action's probability, so π(·|s_h) is recomputed from the stored
 * features with the <em>frozen</em> Θ — the Θ as of the last refresh — rather than the live Θ: that makes every
 * sum inside a refresh window independent of the order in which episodes arrive. Σ̂⁺_h = (γI + Σ_h)⁻¹ is
 * recomputed by Cholesky (EJML) every {@code refreshEvery} learned episodes, and the frozen Θ catches up then.
 * Before the first refresh Σ_h is the prior I/d, the covariance of isotropic unit-norm features, because γ⁻¹I
 * (γ = 1/K) would inflate the first estimates K-fold. Across refreshes the result depends on order, as any
 * online learner's does.
 */
public final class LogBarrierFtrlPolicy implements SessionPolicy {
    static final int MAGIC = 0x45444c42; // "EDLB"
    static final int VERSION = 1;
    private static final int CONFIG_BYTES = 3 * 4 + 3 * 8 + 1 + 4 + 8;

    /**
     * @param horizon      H, the most steps of an episode
     * @param actions      A, the most actions at a step (sizes the buffers; fewer are accepted)
     * @param dimension    d of φ(s, a)
     * @param eta          η, the FTRL learning rate
     * @param beta         β, the bonus scale
     * @param gamma        γ, the ridge of Σ̂⁺ = (γI + Σ)⁻¹
     * @param bonus        whether to use the dilated exploration bonus
     * @param refreshEvery recompute Σ̂⁺ (and freeze Θ for the covariance weights) every this many learned episodes
     * @param seed         identifies the run in snapshots; the policy itself draws nothing (the caller samples)
     */
    public record Config(int horizon, int actions, int dimension, double eta, double beta, double gamma,
                         boolean bonus, int refreshEvery, long seed) {
        public Config {
            if (horizon < 1 || actions < 1 || dimension < 1) throw new IllegalArgumentException("H, A, d must be positive");
            if (!(eta >= 0) || !Double.isFinite(eta)) throw new IllegalArgumentException("eta must be finite and ≥ 0");
            if (!(beta >= 0) || !Double.isFinite(beta)) throw new IllegalArgumentException("beta must be finite and ≥ 0");
            if (!(gamma > 0) || !Double.isFinite(gamma)) throw new IllegalArgumentException("gamma must be > 0");
            if (refreshEvery < 1) throw new IllegalArgumentException("refreshEvery must be ≥ 1");
        }

        /**
         * The schedule of the paper's analysis for K episodes: η = β = K^{-1/2}, γ = 1/K; bonus on, Σ̂⁺ refreshed
         * every max(1, ⌊√K / 4⌋) episodes (a practical choice: often enough that the covariance follows the
         * policy, rarely enough that the d³ Cholesky per step is negligible), seed 0.
         */
        public static Config forHorizon(int horizon, int actions, int dimension, int episodes) {
            if (episodes < 1) throw new IllegalArgumentException("episodes must be ≥ 1");
            double rootK = Math.sqrt(episodes);
            return new Config(horizon, actions, dimension, 1 / rootK, 1 / rootK, 1.0 / episodes, true,
                    Math.max(1, (int) (rootK / 4)), 0L);
        }

        public Config withBonus(boolean on) {
            return new Config(horizon, actions, dimension, eta, beta, gamma, on, refreshEvery, seed);
        }
    }

    private final Config config;
    private final int d;
    private final double[][] theta;     // [h][d]  Θ_h, live
    private final double[][] frozen;    // [h][d]  Θ_h at the last refresh
    private final double[][] covSum;    // [h][d*d] Σ over learned episodes of Σ_a π φφᵀ
    private final long[] covCount;      // [h]
    private final double[][] inverse;   // [h][d*d] Σ̂⁺_h in force
    private final double[][] bonusSum;  // [h][d*d] S_h = Σ_τ Σ̂⁺_{τ,h}
    private long learned;

    private final LogBarrierFtrl ftrl;
    private double[] losses;
    private double[] weights;

    public LogBarrierFtrlPolicy(Config config) {
        this.config = config;
        this.d = config.dimension();
        int h = config.horizon();
        theta = new double[h][d];
        frozen = new double[h][d];
        covSum = new double[h][d * d];
        covCount = new long[h];
        inverse = new double[h][];
        bonusSum = new double[h][d * d];
        double[] zero = new double[d * d];
        for (int i = 0; i < h; i++) inverse[i] = Dense.ridgeInverse(zero, d, 0, config.gamma() + 1.0 / d);
        ftrl = new LogBarrierFtrl(config.actions());
        losses = new double[config.actions()];
        weights = new double[config.actions()];
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "ftrl-logbarrier";
    }

    @Override
    public void distribution(int step, double[][] features, double[] out) {
        checkStep(step);
        Dense.checkFeatures(features, d, out);
        pi(features, theta[step], step, out);
    }

    /** Θ_h, a copy (for tests and diagnostics). */
    public double[] theta(int step) {
        checkStep(step);
        return theta[step].clone();
    }

    /** Σ̂⁺_h in force, row-major, a copy. */
    public double[] inverse(int step) {
        checkStep(step);
        return inverse[step].clone();
    }

    public long learnedEpisodes() {
        return learned;
    }

    private void pi(double[][] features, double[] th, int step, double[] out) {
        int actions = features.length;
        if (losses.length < actions) {
            losses = new double[actions];
            weights = new double[actions];
        }
        for (int a = 0; a < actions; a++) {
            double l = Dense.dot(features[a], th);
            if (config.bonus()) l -= config.beta() * Dense.quadratic(bonusSum[step], features[a]);
            losses[a] = l;
        }
        LogBarrierFtrl.solve(losses, actions, config.eta(), out);
    }

    @Override
    public void learn(Episode episode) {
        int len = episode.length();
        if (len > config.horizon()) throw new IllegalArgumentException("episode has " + len + " steps, H = " + config.horizon());
        double[] bonusTaken = new double[len];
        for (int h = 0; h < len; h++) {
            double[][] f = episode.features()[h];
            Dense.checkFeatures(f, d);
            int a = episode.actions()[h];
            if (a < 0 || a >= f.length) throw new IllegalArgumentException("step " + h + " took action " + a + " of " + f.length);
            bonusTaken[h] = config.bonus() ? config.beta() * Dense.quadratic(inverse[h], f[a]) : 0;
        }
        double dilation = 1 + 1.0 / config.horizon();
        for (int h = 0; h < len; h++) {
            double[][] f = episode.features()[h];
            double[] phi = f[episode.actions()[h]];
            double bonusToGo = 0;
            double factor = 1;
            for (int j = h + 1; j < len; j++) {
                factor *= dilation;
                bonusToGo += factor * bonusTaken[j];
            }
            Dense.addMatVec(theta[h], inverse[h], phi, episode.lossToGo(h) - bonusToGo);
            if (config.bonus()) for (int i = 0; i < d * d; i++) bonusSum[h][i] += inverse[h][i];

            double[] p = weights.length >= f.length ? weights : (weights = new double[f.length]);
            pi(f, frozen[h], h, p);
            for (int a = 0; a < f.length; a++) Dense.addOuter(covSum[h], f[a], p[a]);
            covCount[h]++;
        }
        learned++;
        if (learned % config.refreshEvery() == 0) refresh();
    }

    private void refresh() {
        for (int h = 0; h < config.horizon(); h++) {
            if (covCount[h] > 0) inverse[h] = Dense.ridgeInverse(covSum[h], d, 1.0 / covCount[h], config.gamma());
            System.arraycopy(theta[h], 0, frozen[h], 0, d);
        }
    }

    private void checkStep(int step) {
        if (step < 0 || step >= config.horizon()) throw new IllegalArgumentException("step " + step + " outside [0, " + config.horizon() + ")");
    }

    @Override
    public byte[] snapshot() {
        int h = config.horizon();
        long size = 8 + CONFIG_BYTES + 8 + h * 8L + 8L * (2L * h * d + 3L * h * d * d);
        if (size > Integer.MAX_VALUE) throw new IllegalStateException("state too large to snapshot");
        ByteBuffer b = ByteBuffer.allocate((int) size);
        b.putInt(MAGIC).putInt(VERSION);
        putConfig(b);
        b.putLong(learned);
        for (long c : covCount) b.putLong(c);
        Dense.put(b, theta);
        Dense.put(b, frozen);
        Dense.put(b, covSum);
        Dense.put(b, inverse);
        Dense.put(b, bonusSum);
        return b.array();
    }

    private void putConfig(ByteBuffer b) {
        b.putInt(config.horizon()).putInt(config.actions()).putInt(config.dimension());
        b.putDouble(config.eta()).putDouble(config.beta()).putDouble(config.gamma());
        b.put((byte) (config.bonus() ? 1 : 0)).putInt(config.refreshEvery()).putLong(config.seed());
    }

    @Override
    public void restore(byte[] snapshot) {
        ByteBuffer b = Dense.open(snapshot, MAGIC, VERSION, name());
        byte[] mine = new byte[CONFIG_BYTES];
        ByteBuffer own = ByteBuffer.wrap(mine);
        putConfig(own);
        byte[] theirs = new byte[mine.length];
        if (b.remaining() < theirs.length) throw new IllegalArgumentException("truncated " + name() + " snapshot");
        b.get(theirs);
        if (!Arrays.equals(mine, theirs)) throw new IllegalArgumentException("snapshot was taken with a different configuration");
        long expected = 8 + CONFIG_BYTES + 8 + config.horizon() * 8L + 8L * (2L * config.horizon() * d + 3L * config.horizon() * d * d);
        if (snapshot.length != expected) throw new IllegalArgumentException("corrupt " + name() + " snapshot: " + snapshot.length + " bytes, expected " + expected);
        learned = b.getLong();
        for (int h = 0; h < covCount.length; h++) covCount[h] = b.getLong();
        Dense.get(b, theta);
        Dense.get(b, frozen);
        Dense.get(b, covSum);
        Dense.get(b, inverse);
        Dense.get(b, bonusSum);
    }
}
