package dev.eddy.bandits.neural;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.parallel.ParameterAveraging;
import dev.eddy.bandits.explore.InverseGapWeighting;
import dev.eddy.bandits.explore.LossDriftDetector;
import dev.eddy.bandits.slate.Slate;
import dev.eddy.bandits.slate.SlateDraw;
import dev.eddy.events.features.SparseVector;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * NeuCB: a neural network regresses the loss (1 − reward) of an action from its joint features by perturbed online
 * gradient descent ({@link PerturbedRegression}), and the policy explores by inverse gap weighting over the predicted
 * losses: SquareCB's for the squared loss (NeuSquareCB), FastCB's for the KL loss (NeuFastCB).
 *
 * <p>The round counter t counts the observed rounds; γ_t and the decaying learning rate are taken at t + 1 when
 * choosing and at t when learning, so the first update is round 1. Single-threaded, like every
 * {@link ContextualBandit}; {@code choose} allocates only the {@link Choice} and its copy of the distribution.
 *
 * <p>Drift-aware (optional, {@link LossDriftDetector}): γ_t grows with the rounds, so after many rounds the policy
 * hardly explores, and when the world changes it keeps playing what used to be best until the network has unlearned
 * it. With a detector, each learned round feeds the played action's surprise (observed minus predicted loss) to a
 * CUSUM test, and an alarm restarts γ's round count: the policy explores as it did at the start while the network,
 * which keeps what it learned, catches up. Without one (the default) the learner and its snapshots are as before.
 */
public final class NeuCB implements ContextualBandit, ParameterAveraging {
    private static final int MAGIC = 0x4E455543; // "NEUC"
    private static final int VERSION = 1;
    /** Snapshots of a drift-aware learner: version 1's fields, then the detector's statistic, γ's origin and alarms. */
    private static final int DRIFT_VERSION = 2;

    private final NeuCbConfig config;
    private final int inputDim;
    private final PerturbedRegression oracle;
    /** Null: no drift detection. */
    private final LossDriftDetector drift;
    private double driftStatistic;
    /** The round γ's count starts from: 0, or the round of the last drift alarm. */
    private long exploreFrom;
    private long driftAlarms;
    private double[] predicted = new double[16];
    private double[] probabilities = new double[16];
    private long t;

    public NeuCB(NeuCbConfig config, int inputDim) {
        this(config, inputDim, null);
    }

    /** A learner that restarts exploration when {@code drift} (null: never) raises an alarm. */
    public NeuCB(NeuCbConfig config, int inputDim, LossDriftDetector drift) {
        this.config = config;
        this.inputDim = inputDim;
        this.drift = drift;
        int[] widths = new int[config.hiddenLayers()];
        Arrays.fill(widths, config.width());
        SplittableRandom init = new SplittableRandom(config.seed());
        Mlp net = new Mlp(inputDim, widths, config.loss().output(), init);
        this.oracle = new PerturbedRegression(net, config.loss(), config.sigma(), config.clip(), init.nextLong());
    }

    /** NeuSquareCB with {@link NeuCbConfig#squareCbDefaults} on joint features of dimension {@code inputDim}. */
    public static NeuCB squareCb(int inputDim, long seed) {
        return new NeuCB(NeuCbConfig.squareCbDefaults(seed), inputDim);
    }

    /** NeuFastCB with {@link NeuCbConfig#fastCbDefaults} on joint features of dimension {@code inputDim}. */
    public static NeuCB fastCb(int inputDim, long seed) {
        return new NeuCB(NeuCbConfig.fastCbDefaults(seed), inputDim);
    }

    public NeuCbConfig config() {
        return config;
    }

    /** Rounds learned so far. */
    public long rounds() {
        return t;
    }

    /** Drift alarms so far (0 without a detector). */
    public long driftAlarms() {
        return driftAlarms;
    }

    /** The drift detector, or null. */
    public LossDriftDetector drift() {
        return drift;
    }

    @Override
    public String name() {
        return config.name();
    }

    /** The predicted loss of one action's joint features. */
    public double predictLoss(SparseVector x) {
        double y = oracle.predict(x);
        // Losses live in [0, 1]; a raw prediction outside only stretches the gaps IGW sees.
        return config.loss() == Loss.SQUARED ? Math.min(1, Math.max(0, y)) : y;
    }

    /**
     * The exploration distribution over the round's actions into an internal buffer (valid until the next call) and
     * returned.
     */
    public double[] distribution(BanditRound round) {
        int k = round.size();
        ensureCapacity(k);
        for (int a = 0; a < k; a++) {
            predicted[a] = predictLoss(round.actions().get(a));
            if (!Double.isFinite(predicted[a])) {
                // A diverged network would otherwise turn into NaN probabilities far from the cause.
                throw new IllegalStateException(config.name() + " diverged after " + t + " rounds (prediction "
                        + predicted[a] + "): lower the learning rate or set a gradient clip");
            }
        }
        double gamma = config.gamma().gamma(t + 1 - exploreFrom);
        if (config.loss() == Loss.KL) {
            InverseGapWeighting.fastCb(predicted, k, gamma, probabilities);
        } else {
            InverseGapWeighting.squareCb(predicted, k, gamma, probabilities);
        }
        return probabilities;
    }

    @Override
    public Choice choose(BanditRound round, SplittableRandom rng) {
        int k = round.size();
        double[] p = distribution(round);
        int a = InverseGapWeighting.sample(p, k, rng);
        return new Choice(a, p[a], Arrays.copyOf(p, k));
    }

    /**
     * Top-k by repeated IGW sampling without replacement: the distribution is computed once, and each position draws
     * from it renormalised over the actions not yet placed. Position i's propensity is that renormalised probability.
     * The slate carries the first-slot distribution and each slot's score 1 − predicted loss, from the same one
     * forward pass per action (computing them through {@code distribution} and {@code predictLoss} in turn would
     * run the network again per candidate; the network is deterministic, so the values are the same).
     */
    @Override
    public Slate chooseSlate(BanditRound round, int k, SplittableRandom rng) {
        int n = round.size();
        if (k < 1 || k > n) throw new IllegalArgumentException("slate size must be in 1.." + n);
        double[] dist = Arrays.copyOf(distribution(round), n);
        double[] p = dist.clone();
        int[] actions = new int[k];
        double[] propensities = new double[k];
        SlateDraw.fill(p, actions, propensities, 0, rng);
        double[] scores = new double[k];
        for (int i = 0; i < k; i++) scores[i] = 1 - predicted[actions[i]];
        return new Slate(actions, propensities, scores, dist);
    }

    /**
     * One online-regression round on the chosen action's joint features with target loss 1 − reward. The propensity
     * is not used: as in SquareCB and FastCB the oracle regresses the observed actions without importance weights.
     */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward) {
        learn(round, action, probability, reward, 1.0);
    }

    /**
     * The same round with the gradient steps scaled by {@code weight}, as VW applies an importance weight (after the
     * gradient clip, which bounds the gradient, not the step). The round counter, and so the learning-rate decay and
     * γ_t, advances by one: the round is one observation, however much it counts. To first order in the step size
     * weight w is the example learned w times; weight 1 is {@link #learn(BanditRound, int, double, double)}.
     */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward, double weight) {
        if (!(reward >= 0 && reward <= 1)) throw new IllegalArgumentException("reward must be in [0, 1]: " + reward);
        ContextualBandit.checkWeight(weight);
        t++;
        double lr = config.decay() ? config.learningRate() / Math.sqrt(t) : config.learningRate();
        SparseVector x = round.actions().get(action);
        if (drift != null) watchForDrift(predictLoss(x), 1.0 - reward);
        oracle.update(x, 1.0 - reward, lr * weight, config.steps());
    }

    /** The played action's surprise, measured before the network learns from it; an alarm restarts γ's count. */
    private void watchForDrift(double predictedLoss, double observedLoss) {
        driftStatistic = drift.next(driftStatistic, observedLoss, predictedLoss);
        if (drift.alarm(driftStatistic)) {
            driftStatistic = 0;
            exploreFrom = t;
            driftAlarms++;
        }
    }

    @Override
    public boolean honoursWeight() {
        return true;
    }

    @Override
    public byte[] snapshot() {
        Mlp net = oracle.net();
        float[] theta = new float[net.size()];
        float[] theta0 = new float[net.size()];
        net.copyParameters(theta);
        net.copyInitialParameters(theta0);
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 + 8 + 4 + 8 * theta.length + 8 + 8 + driftBytes());
        buf.putInt(MAGIC).putInt(drift == null ? VERSION : DRIFT_VERSION).putLong(configHash()).putInt(theta.length);
        for (float v : theta) buf.putFloat(v);
        for (float v : theta0) buf.putFloat(v);
        buf.putLong(t).putLong(oracle.noise().state());
        if (drift != null) buf.putDouble(driftStatistic).putLong(exploreFrom).putLong(driftAlarms);
        return buf.array();
    }

    @Override
    public void restore(byte[] snapshot) {
        ByteBuffer buf = ByteBuffer.wrap(snapshot);
        Mlp net = oracle.net();
        float[] theta = new float[net.size()];
        float[] theta0 = new float[net.size()];
        if (snapshot.length < 20 || buf.getInt() != MAGIC) throw new IllegalArgumentException("not a NeuCB snapshot");
        int version = buf.getInt();
        if (version != VERSION && version != DRIFT_VERSION) {
            throw new IllegalArgumentException("unsupported NeuCB snapshot version " + version);
        }
        if (buf.getLong() != configHash()) {
            throw new IllegalArgumentException("snapshot was taken from a learner with another configuration");
        }
        int size = buf.getInt();
        if (version != (drift == null ? VERSION : DRIFT_VERSION)) {
            throw new IllegalArgumentException("snapshot was taken from a learner " + (drift == null ? "with" : "without")
                    + " drift detection");
        }
        if (size != theta.length || buf.remaining() != 8L * size + 16 + driftBytes()) {
            throw new IllegalArgumentException("snapshot holds " + size + " parameters, expected " + theta.length);
        }
        for (int p = 0; p < size; p++) theta[p] = buf.getFloat();
        for (int p = 0; p < size; p++) theta0[p] = buf.getFloat();
        net.loadParameters(theta);
        net.loadInitialParameters(theta0);
        t = buf.getLong();
        oracle.noise().setState(buf.getLong());
        if (drift != null) {
            driftStatistic = buf.getDouble();
            exploreFrom = buf.getLong();
            driftAlarms = buf.getLong();
        }
    }

    private int driftBytes() {
        return drift == null ? 0 : 8 + 8 + 8;
    }

    /**
     * θ and θ₀ become the element-wise means of {@code learners}' (summed in double, in list order, so the result
     * does not depend on threads), and t their mean round counter, rounded: each shard of a data-parallel model has
     * taken t steps on its own share, so the mean keeps every shard on the learning-rate and γ schedule of the steps
     * it takes. The perturbation stream stays this learner's own (shards draw independent noise).
     */
    @Override
    public void averageFrom(List<? extends ParameterAveraging> learners) {
        if (learners.isEmpty()) throw new IllegalArgumentException("nothing to average");
        int size = oracle.net().size();
        double[] sum = new double[size];
        double[] sum0 = new double[size];
        float[] buf = new float[size];
        long rounds = 0;
        long exploreFromSum = 0;
        for (ParameterAveraging l : learners) {
            if (!(l instanceof NeuCB other) || !other.config.withSeed(config.seed()).equals(config)
                    || other.inputDim != inputDim || !java.util.Objects.equals(other.drift, drift)) {
                throw new IllegalArgumentException("can only average NeuCB learners of the same configuration (seeds may differ)");
            }
            other.oracle.net().copyParameters(buf);
            for (int p = 0; p < size; p++) sum[p] += buf[p];
            other.oracle.net().copyInitialParameters(buf);
            for (int p = 0; p < size; p++) sum0[p] += buf[p];
            rounds += other.t;
            exploreFromSum += other.exploreFrom;
        }
        int n = learners.size();
        for (int p = 0; p < size; p++) buf[p] = (float) (sum[p] / n);
        oracle.net().loadParameters(buf);
        for (int p = 0; p < size; p++) buf[p] = (float) (sum0[p] / n);
        oracle.net().loadInitialParameters(buf);
        t = Math.round((double) rounds / n);
        // Each shard watches its own share for drift; γ's origin is averaged like the round count it is subtracted from.
        exploreFrom = Math.round((double) exploreFromSum / n);
    }

    /**
     * The configuration's text and the input dimension (and the detector's, when there is one, so that the hash of a
     * learner without one is what it always was), hashed.
     */
    private long configHash() {
        return ConfigHash.of(config + "|" + inputDim + (drift == null ? "" : "|" + drift));
    }

    private void ensureCapacity(int k) {
        if (predicted.length < k) {
            predicted = new double[Math.max(k, 2 * predicted.length)];
            probabilities = new double[predicted.length];
        }
    }
}
