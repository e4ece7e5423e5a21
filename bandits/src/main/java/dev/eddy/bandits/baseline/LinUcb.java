package dev.eddy.bandits.baseline;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.events.features.SparseVector;

import java.util.SplittableRandom;

/**
 * LinUCB (Li, Chu, Langford, Schapire 2010): ridge regression of the reward, and the action of largest upper
 * confidence bound θᵀx + α·sqrt(xᵀA⁻¹x), with A = λI + Σ x xᵀ kept as A⁻¹ by Sherman–Morrison updates.
 *
 * <p>Two modes. {@link #shared shared}: one model over the whole joint feature (dense d×d A⁻¹, for d up to a few
 * thousand). On the disjoint encoding (context in the action's block of a d·K vector) A is block diagonal, so the
 * shared model already is the classic disjoint LinUCB, only at (dK)² memory and update cost. {@link #disjoint
 * disjoint}: K models of the block dimension d, action a scored by model a on block a — the same numbers at K times
 * less memory and K² times less update work; it requires each action's features to lie in its own block.
 *
 * <p>The policy is deterministic: it logs probability 1 for the chosen action (a one-hot distribution). Only when
 * several actions tie exactly for the largest bound (in practice before the first update) does it draw among them,
 * and then it logs the uniform distribution over the tied ones, which is what it drew from. Off-policy estimators
 * cannot evaluate other policies from LinUCB's logs, since actions it did not choose had probability 0.
 */
public final class LinUcb implements ContextualBandit {
    static final int MAGIC = 0x45444c55; // "EDLU"
    static final int VERSION = 1;

    /**
     * @param dimension dimension of the joint features (d·K in disjoint mode)
     * @param ridge     λ of A = λI + Σ x xᵀ
     * @param alpha     width of the confidence bound
     * @param actions   0 for the shared mode; K for the disjoint mode, where {@code dimension} must be a multiple of K
     */
    public record Config(int dimension, double ridge, double alpha, int actions) {
        public Config {
            if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1");
            if (!(ridge > 0) || !Double.isFinite(ridge)) throw new IllegalArgumentException("ridge λ must be > 0");
            if (!(alpha >= 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("alpha must be >= 0");
            if (actions < 0) throw new IllegalArgumentException("actions must be >= 0");
            if (actions > 0 && dimension % actions != 0) {
                throw new IllegalArgumentException("disjoint mode needs dimension " + dimension
                        + " to be a multiple of the actions " + actions);
            }
        }

        public boolean disjoint() {
            return actions > 0;
        }

        public int blockDimension() {
            return disjoint() ? dimension / actions : dimension;
        }
    }

    /** One model over the whole joint feature of dimension {@code dimension}. */
    public static LinUcb shared(int dimension, double ridge, double alpha) {
        return new LinUcb(new Config(dimension, ridge, alpha, 0));
    }

    /**
     * K models of dimension {@code blockDimension}, for rounds in the disjoint encoding of
     * {@link dev.eddy.bandits.encode.DisjointEncoder}: joint dimension blockDimension·K, action a in block a.
     */
    public static LinUcb disjoint(int blockDimension, int actions, double ridge, double alpha) {
        if (actions < 1) throw new IllegalArgumentException("disjoint mode needs actions >= 1");
        return new LinUcb(new Config(Math.multiplyExact(blockDimension, actions), ridge, alpha, actions));
    }

    private final Config config;
    private final OnlineRidge[] models;
    private double[] score = new double[8];
    private double[] distribution = new double[8];

    public LinUcb(Config config) {
        this.config = config;
        int n = config.disjoint() ? config.actions() : 1;
        this.models = new OnlineRidge[n];
        for (int m = 0; m < n; m++) models[m] = new OnlineRidge(config.blockDimension(), config.ridge());
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "linucb";
    }

    /** The upper confidence bound of each action of {@code round}, into {@code out}. */
    public void upperBounds(BanditRound round, double[] out) {
        check(round);
        for (int a = 0; a < round.size(); a++) {
            SparseVector x = round.actions().get(a);
            OnlineRidge m = model(a);
            int offset = offset(a);
            double width = Math.sqrt(Math.max(0.0, m.quadraticForm(x, offset)));
            out[a] = m.predict(x, offset) + config.alpha() * width;
        }
    }

    /** The ridge estimate θᵀx of each action's reward, into {@code out}. */
    public void predict(BanditRound round, double[] out) {
        check(round);
        for (int a = 0; a < round.size(); a++) out[a] = model(a).predict(round.actions().get(a), offset(a));
    }

    /** A copy of A⁻¹ of model {@code m} (0 in shared mode), row-major: for tests and diagnostics. */
    public double[] inverse(int m) {
        return models[m].inverse.clone();
    }

    @Override
    public Choice choose(BanditRound round, SplittableRandom rng) {
        int k = round.size();
        score = Rounds.ensure(score, k);
        distribution = Rounds.ensure(distribution, k);
        upperBounds(round, score);
        Rounds.greedyWithExploration(score, k, 0.0, distribution);
        int a = Rounds.sampleIndex(distribution, k, rng);
        return new Choice(a, distribution[a], Rounds.copy(distribution, k));
    }

    /** Ridge regression on the observed reward; a deterministic policy's propensity carries no information. */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward) {
        check(round);
        Rounds.checkOutcome(round, action, probability, reward);
        model(action).update(round.actions().get(action), offset(action), reward);
    }

    /** Ridge regression with the example counted {@code weight} times: exactly that many copies of it. */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward, double weight) {
        check(round);
        Rounds.checkOutcome(round, action, probability, reward);
        ContextualBandit.checkWeight(weight);
        model(action).update(round.actions().get(action), offset(action), reward, weight);
    }

    @Override
    public boolean honoursWeight() {
        return true;
    }

    private void check(BanditRound round) {
        Rounds.checkDimension(round, config.dimension(), name());
        if (!config.disjoint()) return;
        if (round.size() > config.actions()) {
            throw new IllegalArgumentException("disjoint LinUCB has " + config.actions() + " models, the round "
                    + round.size() + " actions");
        }
        int block = config.blockDimension();
        for (int a = 0; a < round.size(); a++) {
            int[] idx = round.actions().get(a).indices();
            if (idx.length > 0 && (idx[0] < a * block || idx[idx.length - 1] >= (a + 1) * block)) {
                throw new IllegalArgumentException("disjoint LinUCB: features of action " + a
                        + " must lie in its block [" + a * block + ", " + (a + 1) * block + ")");
            }
        }
    }

    private OnlineRidge model(int action) {
        return config.disjoint() ? models[action] : models[0];
    }

    private int offset(int action) {
        return config.disjoint() ? action * config.blockDimension() : 0;
    }

    @Override
    public byte[] snapshot() {
        Snapshots.Writer w = Snapshots.writer(MAGIC, VERSION)
                .putInt(config.dimension()).putDouble(config.ridge()).putDouble(config.alpha())
                .putInt(config.actions());
        for (OnlineRidge m : models) m.write(w);
        return w.toBytes();
    }

    @Override
    public void restore(byte[] snapshot) {
        Snapshots.Reader r = Snapshots.reader(snapshot, MAGIC, VERSION, name());
        r.expectInt("dimension", config.dimension());
        r.expectDouble("ridge", config.ridge());
        r.expectDouble("alpha", config.alpha());
        r.expectInt("actions", config.actions());
        Runnable[] states = new Runnable[models.length];
        for (int m = 0; m < models.length; m++) states[m] = models[m].read(r);
        r.expectEnd();
        for (Runnable s : states) s.run();
    }
}
