package dev.eddy.bandits.baseline;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.explore.GammaSchedule;
import dev.eddy.bandits.explore.InverseGapWeighting;

import java.util.SplittableRandom;

/**
 * SquareCB (Foster & Rakhlin 2020) with a linear regression oracle: online least squares (by default Vowpal Wabbit's
 * normalized, adaptive, importance-aware update; AdaGrad or ridge on request) of the loss 1 − reward on the joint
 * features, and inverse gap weighting with γ_t from a {@link GammaSchedule}. The linear counterpart of NeuSquareCB, so
 * that a gain of the neural learner can be put down to the network, not to IGW.
 *
 * <p>With the normalized oracle, the played action's example is learned with importance weight 1/(K·p), what VW's
 * {@code cb_adf} applies in its default {@code mtr} reduction (1/p times events over actions seen, which is 1/K for
 * K actions a round): an action explored uniformly weighs 1, the greedy one about 1/K. AdaGrad and ridge, which are
 * not importance-aware, learn unweighted as before. The defaults (learning rate
 * {@value #DEFAULT_LEARNING_RATE}, γ_t = {@value #DEFAULT_GAMMA_SCALE}·sqrt(t)) are higher than VW's 0.5 and 10·sqrt(t):
 * the 1/K weight of the greedy action would otherwise slow the fit of the action played most, and IGW is fed by a
 * better fit sooner (the scan behind them is in the module README).
 *
 * <p>Predicted losses are clipped to [0, 1] before IGW: true losses lie there, and an unclipped linear model early
 * on can predict far outside, which would make gaps (and so exploration) depend on extrapolation noise.
 */
public final class LinearSquareCb implements ContextualBandit {
    static final int MAGIC = 0x45445351; // "EDSQ"
    static final int VERSION = 1;
    public static final double DEFAULT_LEARNING_RATE = 3.0;
    public static final double DEFAULT_GAMMA_SCALE = 100.0;

    /**
     * @param dimension         dimension of the joint features
     * @param regression        the online least-squares oracle of the loss
     * @param gamma             how exploitative IGW is in round t
     * @param importanceWeights whether an importance-aware oracle learns the played action with VW's weight
     *                          1/(K·p) (see the class comment); AdaGrad and ridge never do
     */
    public record Config(int dimension, Regression regression, GammaSchedule gamma, boolean importanceWeights) {
        public Config {
            if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1");
            if (regression == null) throw new IllegalArgumentException("regression must not be null");
            if (gamma == null) throw new IllegalArgumentException("gamma schedule must not be null");
        }

        /** With VW's importance weights. */
        public Config(int dimension, Regression regression, GammaSchedule gamma) {
            this(dimension, regression, gamma, true);
        }

        /** The normalized oracle at {@value #DEFAULT_LEARNING_RATE}, γ_t = {@value #DEFAULT_GAMMA_SCALE}·sqrt(t). */
        public static Config of(int dimension) {
            return new Config(dimension, Regression.normalized(DEFAULT_LEARNING_RATE),
                    new GammaSchedule(DEFAULT_GAMMA_SCALE, 0.5));
        }
    }

    private final Config config;
    // The oracle and γ this learner runs: config's, unless a snapshot of an earlier default was restored
    // (Regression#restoring): that model goes on as it was trained.
    private Regression regression;
    private LinearRegressor model;
    private GammaSchedule gamma;
    private long rounds;
    private double[] loss = new double[8];
    private double[] distribution = new double[8];

    public LinearSquareCb(Config config) {
        this.config = config;
        this.regression = config.regression();
        this.model = regression.create(config.dimension());
        this.gamma = config.gamma();
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "squarecb-linear";
    }

    /** The predicted loss (1 − reward, clipped to [0, 1]) of each action of {@code round}, into {@code out}. */
    public void predictLoss(BanditRound round, double[] out) {
        Rounds.checkDimension(round, config.dimension(), name());
        for (int a = 0; a < round.size(); a++) {
            double y = model.predict(round.actions().get(a));
            out[a] = Math.min(1.0, Math.max(0.0, y));
        }
    }

    @Override
    public Choice choose(BanditRound round, SplittableRandom rng) {
        int k = round.size();
        loss = Rounds.ensure(loss, k);
        distribution = Rounds.ensure(distribution, k);
        predictLoss(round, loss);
        rounds++;
        InverseGapWeighting.squareCb(loss, k, gamma.gamma(rounds), distribution);
        int a = InverseGapWeighting.sample(distribution, k, rng);
        return new Choice(a, distribution[a], Rounds.copy(distribution, k));
    }

    /** Regresses the observed loss of the played action, weighted 1/(K·p) as VW's cb_adf weighs it (see above). */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward) {
        Rounds.checkDimension(round, config.dimension(), name());
        Rounds.checkOutcome(round, action, probability, reward);
        model.update(round.actions().get(action), 1.0 - reward, importanceWeight(round, probability));
    }

    /** The same regression with the record counted {@code weight} times: weight × 1/(K·p) (see the oracle). */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward, double weight) {
        Rounds.checkDimension(round, config.dimension(), name());
        Rounds.checkOutcome(round, action, probability, reward);
        ContextualBandit.checkWeight(weight);
        model.update(round.actions().get(action), 1.0 - reward, weight * importanceWeight(round, probability));
    }

    /**
     * VW's cb_adf (mtr) weight of the played action's example, 1/p times events/actions (1/K with K actions a
     * round), for an importance-aware oracle; 1 for AdaGrad and ridge, which such weights (up to γ·gap/K) make
     * noisy: on the planted problem of the tests they raise regret several times over.
     */
    private double importanceWeight(BanditRound round, double probability) {
        return config.importanceWeights() && model.importanceAware() ? 1.0 / (probability * round.size()) : 1.0;
    }

    @Override
    public boolean honoursWeight() {
        return true;
    }

    @Override
    public byte[] snapshot() {
        Snapshots.Writer w = Snapshots.writer(MAGIC, VERSION)
                .putInt(config.dimension())
                .putDouble(gamma.scale()).putDouble(gamma.exponent());
        regression.write(w);
        w.putLong(rounds);
        model.write(w);
        return w.toBytes();
    }

    @Override
    public void restore(byte[] snapshot) {
        Snapshots.Reader r = Snapshots.reader(snapshot, MAGIC, VERSION, name());
        r.expectInt("dimension", config.dimension());
        GammaSchedule recordedGamma = new GammaSchedule(r.getDouble(), r.getDouble());
        Regression restored = config.regression().restoring(r);
        // A snapshot of the AdaGrad default was written when γ's default was VW's too: it keeps its own schedule.
        boolean earlierDefault = !restored.equals(config.regression());
        if (!earlierDefault && !recordedGamma.equals(config.gamma())) {
            throw new IllegalArgumentException("snapshot was taken with gamma " + recordedGamma + ", this learner has "
                    + config.gamma());
        }
        long t = r.getLong();
        LinearRegressor m = restored.equals(regression) ? model : restored.create(config.dimension());
        Runnable modelState = m.read(r);
        r.expectEnd();
        rounds = t;
        modelState.run();
        regression = restored;
        model = m;
        gamma = earlierDefault ? recordedGamma : config.gamma();
    }
}
