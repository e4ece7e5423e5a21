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
 * term is the cumulative immediate bonus Σ_τ b_τ(s,a) with b_τ(s,a) = β φᵀΣ̂⁺_{τ,h}φ. State is O(H·d²) plus the
 * episodes of the batch in progress, whatever the number of episodes.
 *
 * <h2>Batches</h2>
 * Θ and S change only when a batch of {@code batch} episodes is complete, so the policy is frozen while a batch is
 * played. Σ̂_h is the average over the batch's visited states of Σ_a π(a|s_h)φφᵀ under that frozen policy, and the
 * batch's own estimates use Σ̂⁺_h = (γI + Σ̂_h)⁻¹: the covariance and the actions come from the same policy, which
 * makes the batch sum unbiased (see {@link EpisodeBatch}). An earlier version played with the live Θ, averaged the
 * covariance over all episodes ever learned and applied it to later episodes; that inverse was of a mixture of
 * past, more uniform policies, which inflates the loss estimates of exactly the actions the current policy plays
 * more than its past did, so the policy was pushed back towards uniform and barely learned.
 *
 * <h2>Estimator and dilated bonus</h2>
 * For an episode of the batch, with L_h the realised loss-to-go from step h and a_h the action taken,
 * θ̂_h = Σ̂⁺_h φ(s_h,a_h) (L_h − D_h), where D_h = Σ_{h' &gt; h} (1 + 1/H)^{h'−h} b(s_{h'}, a_{h'}) is the realised
 * dilated bonus-to-go. This is the dilated bonus of Luo, Wei and Lee (2021), B_h = b_h + (1 + 1/H)·E[B_{h+1}],
 * unrolled along the session and estimated by the same linear estimator as the loss: we have no transition
 * model, so the future part is taken from the states the episode actually visited. The immediate part b_h is
 * known exactly at decision time and enters through S_h. With the bonus off, D = 0 and S is unused.
 *
 * <p>Episodes of one batch may be learned in any order (the batch's sums do not depend on it); an episode played
 * under an earlier batch's policy but learned in a later batch is treated as if played by the later one.
 */
public final class LogBarrierFtrlPolicy implements SessionPolicy {
    static final int MAGIC = 0x45444c42; // "EDLB"
    static final int VERSION = 2;
    private static final int CONFIG_BYTES = 3 * 4 + 3 * 8 + 1 + 4 + 8;

    /**
     * @param horizon   H, the most steps of an episode
     * @param actions   A, the most actions at a step (sizes the buffers; fewer are accepted)
     * @param dimension d of φ(s, a)
     * @param eta       η, the FTRL learning rate
     * @param beta      β, the bonus scale
     * @param gamma     γ, the ridge of Σ̂⁺ = (γI + Σ̂)⁻¹
     * @param bonus     whether to use the dilated exploration bonus
     * @param batch     episodes per batch: the policy is frozen over a batch, whose states give Σ̂
     * @param seed      identifies the run in snapshots; the policy itself draws nothing (the caller samples)
     */
    public record Config(int horizon, int actions, int dimension, double eta, double beta, double gamma,
                         boolean bonus, int batch, long seed) {
        public Config {
            if (horizon < 1 || actions < 1 || dimension < 1) throw new IllegalArgumentException("H, A, d must be positive");
            if (!(eta >= 0) || !Double.isFinite(eta)) throw new IllegalArgumentException("eta must be finite and ≥ 0");
            if (!(beta >= 0) || !Double.isFinite(beta)) throw new IllegalArgumentException("beta must be finite and ≥ 0");
            if (!(gamma > 0) || !Double.isFinite(gamma)) throw new IllegalArgumentException("gamma must be > 0");
            if (batch < 1) throw new IllegalArgumentException("batch must be ≥ 1");
        }

        /**
         * The schedule of the paper's analysis for K episodes, η = β = c·K^{-1/2} and γ = 1/K, with the constant
         * c = {@link #ETA_SCALE} measured on the environments (see the bandits README), batches of
         * {@link #BATCH} episodes, seed 0, and the bonus <em>off</em>: with β = η the bonus β·φᵀΣ̂⁺φ (about β·d/π(a|s)
         * per episode) outweighs the loss differences and holds the policy near uniform (measured: regret 3,000 vs
         * 450 at K = 5,000 on the stationary environment); {@link #withBonus} turns it on.
         */
        public static Config forHorizon(int horizon, int actions, int dimension, int episodes) {
            if (episodes < 1) throw new IllegalArgumentException("episodes must be ≥ 1");
            double rate = ETA_SCALE / Math.sqrt(episodes);
            return new Config(horizon, actions, dimension, rate, rate, 1.0 / episodes, false, BATCH, 0L);
        }

        public Config withBonus(boolean on) {
            return new Config(horizon, actions, dimension, eta, beta, gamma, on, batch, seed);
        }
    }

    /** c in η = β = c/√K. */
    public static final double ETA_SCALE = 70;

    /** Default batch: enough visited states per step for a well-conditioned Σ̂ at d = 16, short next to K. */
    public static final int BATCH = 20;

    private final Config config;
    private final int d;
    private final double[][] theta;     // [h][d]   Θ_h
    private final double[][] bonusSum;  // [h][d*d] S_h = Σ_τ Σ̂⁺_{τ,h}
    private final EpisodeBatch batch;
    private final double[] lossToGoSum;   // [h] Σ L_h over the episodes of the flushed batches: the baseline
    private final long[] lossToGoCount;   // [h]
    private long learned;

    private final double[] losses;

    public LogBarrierFtrlPolicy(Config config) {
        this.config = config;
        this.d = config.dimension();
        int h = config.horizon();
        theta = new double[h][d];
        bonusSum = new double[h][d * d];
        batch = new EpisodeBatch(h, d);
        lossToGoSum = new double[h];
        lossToGoCount = new long[h];
        losses = new double[config.actions()];
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
        int actions = features.length;
        if (actions > losses.length) throw new IllegalArgumentException(actions + " actions, configured for " + losses.length);
        for (int a = 0; a < actions; a++) {
            double l = Dense.dot(features[a], theta[step]);
            if (config.bonus()) l -= config.beta() * Dense.quadratic(bonusSum[step], features[a]);
            losses[a] = l;
        }
        LogBarrierFtrl.solve(losses, actions, config.eta(), out);
    }

    /** Θ_h, a copy (for tests and diagnostics). */
    public double[] theta(int step) {
        checkStep(step);
        return theta[step].clone();
    }

    public long learnedEpisodes() {
        return learned;
    }

    @Override
    public void learn(Episode episode) {
        batch.add(episode, LinearQ.policyAtVisitedStates(this, episode, config.horizon(), d));
        learned++;
        if (batch.size() == config.batch()) flush();
    }

    /** Adds the batch's estimates to Θ (and its inverses to S) and starts the next batch. */
    private void flush() {
        double[][] inverse = batch.inverses(config.gamma());
        double[] baseline = new double[config.horizon()];
        for (int h = 0; h < baseline.length; h++) if (lossToGoCount[h] > 0) baseline[h] = lossToGoSum[h] / lossToGoCount[h];
        double dilation = 1 + 1.0 / config.horizon();
        for (int i = 0; i < batch.size(); i++) {
            double[][] phi = batch.taken(i);
            double[] loss = batch.losses(i);
            int len = phi.length;
            double[] bonusTaken = new double[len];
            if (config.bonus()) for (int h = 0; h < len; h++) bonusTaken[h] = config.beta() * Dense.quadratic(inverse[h], phi[h]);
            double lossToGo = 0;
            double bonusToGo = 0; // Σ_{h' > h} (1 + 1/H)^{h'−h} b_{h'}, built backwards
            for (int h = len - 1; h >= 0; h--) {
                lossToGo += loss[h];
                Dense.addMatVec(theta[h], inverse[h], phi[h], lossToGo - baseline[h] - bonusToGo);
                if (config.bonus()) for (int j = 0; j < d * d; j++) bonusSum[h][j] += inverse[h][j];
                bonusToGo = dilation * (bonusTaken[h] + bonusToGo);
                lossToGoSum[h] += lossToGo;
                lossToGoCount[h]++;
            }
        }
        batch.clear();
    }

    private void checkStep(int step) {
        if (step < 0 || step >= config.horizon()) throw new IllegalArgumentException("step " + step + " outside [0, " + config.horizon() + ")");
    }

    @Override
    public byte[] snapshot() {
        int h = config.horizon();
        ByteBuffer b = ByteBuffer.allocate(8 + CONFIG_BYTES + 8 + 8 * (h * d + h * d * d + 2 * h) + batch.bytes());
        b.putInt(MAGIC).putInt(VERSION);
        putConfig(b);
        b.putLong(learned);
        Dense.put(b, theta);
        Dense.put(b, bonusSum);
        for (int i = 0; i < h; i++) b.putDouble(lossToGoSum[i]).putLong(lossToGoCount[i]);
        batch.put(b);
        return b.array();
    }

    private void putConfig(ByteBuffer b) {
        b.putInt(config.horizon()).putInt(config.actions()).putInt(config.dimension());
        b.putDouble(config.eta()).putDouble(config.beta()).putDouble(config.gamma());
        b.put((byte) (config.bonus() ? 1 : 0)).putInt(config.batch()).putLong(config.seed());
    }

    @Override
    public void restore(byte[] snapshot) {
        ByteBuffer b = Dense.open(snapshot, MAGIC, VERSION, name());
        byte[] mine = new byte[CONFIG_BYTES];
        putConfig(ByteBuffer.wrap(mine));
        byte[] theirs = new byte[mine.length];
        LogBarrierFtrlPolicy read = new LogBarrierFtrlPolicy(config); // parsed aside: a bad snapshot changes nothing
        try {
            b.get(theirs);
            if (!Arrays.equals(mine, theirs)) throw new IllegalArgumentException("snapshot was taken with a different configuration");
            read.learned = b.getLong();
            Dense.get(b, read.theta);
            Dense.get(b, read.bonusSum);
            for (int i = 0; i < config.horizon(); i++) {
                read.lossToGoSum[i] = b.getDouble();
                read.lossToGoCount[i] = b.getLong();
            }
            read.batch.get(b);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated " + name() + " snapshot", e);
        }
        if (b.hasRemaining()) throw new IllegalArgumentException("corrupt " + name() + " snapshot: " + b.remaining() + " bytes left over");
        learned = read.learned;
        for (int h = 0; h < config.horizon(); h++) {
            System.arraycopy(read.theta[h], 0, theta[h], 0, d);
            System.arraycopy(read.bonusSum[h], 0, bonusSum[h], 0, d * d);
            lossToGoSum[h] = read.lossToGoSum[h];
            lossToGoCount[h] = read.lossToGoCount[h];
        }
        batch.copyFrom(read.batch);
    }
}
