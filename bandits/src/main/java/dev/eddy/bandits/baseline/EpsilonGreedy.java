package dev.eddy.bandits.baseline;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;

import java.util.SplittableRandom;

/**
 * ε-greedy over a linear reward model on the joint features (online least squares: by default VW's normalized,
 * adaptive, importance-aware update; AdaGrad or ridge on request): with probability
 * 1 − ε_t the action of highest predicted reward, otherwise uniform. ε_t = min(1, ε · t^(−decay)) in round t
 * (1-based); a constant ε (decay 0) keeps exploring forever and so has linear regret, a decay of 1/3 to 1/2 makes it
 * sublinear.
 *
 * <p>The action is drawn from the logged distribution itself (ε/K everywhere plus 1 − ε on the greedy action, split
 * evenly over exact ties), so the propensity is exact, not an approximation of a two-step coin flip.
 */
public final class EpsilonGreedy implements ContextualBandit {
    static final int MAGIC = 0x45444547; // "EDEG"
    static final int VERSION = 1;
    public static final double DEFAULT_LEARNING_RATE = 0.5;

    /**
     * @param dimension    dimension of the joint features
     * @param epsilon      exploration probability ε in round 1, in [0, 1]
     * @param decay        exponent of ε_t = ε · t^(−decay), in [0, 1]; 0 for a constant ε
     * @param regression   the online least-squares oracle of the reward
     */
    public record Config(int dimension, double epsilon, double decay, Regression regression) {
        public Config {
            if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1");
            if (!(epsilon >= 0 && epsilon <= 1)) throw new IllegalArgumentException("epsilon must be in [0, 1]");
            if (!(decay >= 0 && decay <= 1)) throw new IllegalArgumentException("decay must be in [0, 1]");
            if (regression == null) throw new IllegalArgumentException("regression must not be null");
        }

        /**
         * ε_t = t^(−1/2) (sublinear regret) over the normalized oracle at VW's rate 0.5, which suits hashed features
         * of any dimension and scale.
         */
        public static Config of(int dimension) {
            return new Config(dimension, 1.0, 0.5, Regression.normalized(DEFAULT_LEARNING_RATE));
        }
    }

    private final Config config;
    // The oracle this learner runs: config's, unless a snapshot of an earlier default was restored (Regression#restoring).
    private Regression regression;
    private LinearRegressor model;
    private long rounds;
    private double[] predicted = new double[8];
    private double[] distribution = new double[8];

    public EpsilonGreedy(Config config) {
        this.config = config;
        this.regression = config.regression();
        this.model = regression.create(config.dimension());
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "epsilon-greedy";
    }

    /** ε in round {@code t} (1-based). */
    public double epsilon(long t) {
        if (config.decay() == 0) return config.epsilon();
        return Math.min(1.0, config.epsilon() * Math.pow(Math.max(1, t), -config.decay()));
    }

    /** The predicted reward of each action of {@code round}, into {@code out}. */
    public void predict(BanditRound round, double[] out) {
        Rounds.checkDimension(round, config.dimension(), name());
        for (int a = 0; a < round.size(); a++) out[a] = model.predict(round.actions().get(a));
    }

    @Override
    public Choice choose(BanditRound round, SplittableRandom rng) {
        int k = round.size();
        predicted = Rounds.ensure(predicted, k);
        distribution = Rounds.ensure(distribution, k);
        predict(round, predicted);
        rounds++;
        Rounds.greedyWithExploration(predicted, k, epsilon(rounds), distribution);
        int a = Rounds.sampleIndex(distribution, k, rng);
        return new Choice(a, distribution[a], Rounds.copy(distribution, k));
    }

    /** Regresses the observed reward; the propensity is not used, as an importance weight would only add variance. */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward) {
        Rounds.checkDimension(round, config.dimension(), name());
        Rounds.checkOutcome(round, action, probability, reward);
        model.update(round.actions().get(action), reward);
    }

    /** The same regression with the example counted {@code weight} times (see the regression oracle). */
    @Override
    public void learn(BanditRound round, int action, double probability, double reward, double weight) {
        Rounds.checkDimension(round, config.dimension(), name());
        Rounds.checkOutcome(round, action, probability, reward);
        ContextualBandit.checkWeight(weight);
        model.update(round.actions().get(action), reward, weight);
    }

    @Override
    public boolean honoursWeight() {
        return true;
    }

    @Override
    public byte[] snapshot() {
        Snapshots.Writer w = Snapshots.writer(MAGIC, VERSION)
                .putInt(config.dimension()).putDouble(config.epsilon()).putDouble(config.decay());
        regression.write(w);
        w.putLong(rounds);
        model.write(w);
        return w.toBytes();
    }

    @Override
    public void restore(byte[] snapshot) {
        Snapshots.Reader r = Snapshots.reader(snapshot, MAGIC, VERSION, name());
        r.expectInt("dimension", config.dimension());
        r.expectDouble("epsilon", config.epsilon());
        r.expectDouble("decay", config.decay());
        Regression restored = config.regression().restoring(r);
        long t = r.getLong();
        LinearRegressor m = restored.equals(regression) ? model : restored.create(config.dimension());
        Runnable modelState = m.read(r);
        r.expectEnd();
        rounds = t;
        modelState.run();
        regression = restored;
        model = m;
    }
}
