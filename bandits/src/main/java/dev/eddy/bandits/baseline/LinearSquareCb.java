package dev.eddy.bandits.baseline;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.explore.GammaSchedule;
import dev.eddy.bandits.explore.InverseGapWeighting;

import java.util.SplittableRandom;

/**
 * SquareCB (Foster & Rakhlin 2020) with a linear regression oracle: online least squares (AdaGrad or ridge) of the
 * loss 1 − reward on the joint features, and inverse gap weighting with γ_t from a {@link GammaSchedule}. The linear
 * counterpart of NeuSquareCB, so that a gain of the neural learner can be put down to the network, not to IGW.
 *
 * <p>Predicted losses are clipped to [0, 1] before IGW: true losses lie there, and an unclipped linear model early
 * on can predict far outside, which would make gaps (and so exploration) depend on extrapolation noise.
 */
public final class LinearSquareCb implements ContextualBandit {
    static final int MAGIC = 0x45445351; // "EDSQ"
    static final int VERSION = 1;

    /**
     * @param dimension    dimension of the joint features
     * @param regression the online least-squares oracle of the loss
     * @param gamma      how exploitative IGW is in round t
     */
    public record Config(int dimension, Regression regression, GammaSchedule gamma) {
        public Config {
            if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1");
            if (regression == null) throw new IllegalArgumentException("regression must not be null");
            if (gamma == null) throw new IllegalArgumentException("gamma schedule must not be null");
        }

        public static Config of(int dimension) {
            return new Config(dimension, Regression.adaGrad(0.1), GammaSchedule.vwDefault());
        }
    }

    private final Config config;
    private final LinearRegressor model;
    private long rounds;
    private double[] loss = new double[8];
    private double[] distribution = new double[8];

    public LinearSquareCb(Config config) {
        this.config = config;
        this.model = config.regression().create(config.dimension());
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
        InverseGapWeighting.squareCb(loss, k, config.gamma().gamma(rounds), distribution);
        int a = InverseGapWeighting.sample(distribution, k, rng);
        return new Choice(a, distribution[a], Rounds.copy(distribution, k));
    }

    /** Regresses the observed loss; SquareCB's oracle is fit to what was played, without importance weights. */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward) {
        Rounds.checkDimension(round, config.dimension(), name());
        Rounds.checkOutcome(round, action, probability, reward);
        model.update(round.actions().get(action), 1.0 - reward);
    }

    /** The same regression with the example counted {@code weight} times (see the regression oracle). */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward, double weight) {
        Rounds.checkDimension(round, config.dimension(), name());
        Rounds.checkOutcome(round, action, probability, reward);
        ContextualBandit.checkWeight(weight);
        model.update(round.actions().get(action), 1.0 - reward, weight);
    }

    @Override
    public boolean honoursWeight() {
        return true;
    }

    @Override
    public byte[] snapshot() {
        Snapshots.Writer w = Snapshots.writer(MAGIC, VERSION)
                .putInt(config.dimension())
                .putDouble(config.gamma().scale()).putDouble(config.gamma().exponent());
        config.regression().write(w);
        w.putLong(rounds);
        model.write(w);
        return w.toBytes();
    }

    @Override
    public void restore(byte[] snapshot) {
        Snapshots.Reader r = Snapshots.reader(snapshot, MAGIC, VERSION, name());
        r.expectInt("dimension", config.dimension());
        r.expectDouble("gamma.scale", config.gamma().scale());
        r.expectDouble("gamma.exponent", config.gamma().exponent());
        config.regression().expect(r);
        long t = r.getLong();
        Runnable modelState = model.read(r);
        r.expectEnd();
        rounds = t;
        modelState.run();
    }
}
