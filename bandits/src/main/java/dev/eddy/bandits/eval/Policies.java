package dev.eddy.bandits.eval;

import dev.eddy.bandits.baseline.EpsilonGreedy;
import dev.eddy.bandits.baseline.LinUcb;
import dev.eddy.bandits.baseline.LinearSquareCb;
import dev.eddy.bandits.baseline.Regression;
import dev.eddy.bandits.baseline.UniformRandom;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.explore.GammaSchedule;
import dev.eddy.bandits.neural.DiagonalNeuralBandit;
import dev.eddy.bandits.explore.LossDriftDetector;
import dev.eddy.bandits.neural.NeuCB;
import dev.eddy.bandits.neural.NeuralUcbConfig;
import dev.eddy.bandits.parallel.ShardedBandit;
import dev.eddy.bandits.neural.NeuCbConfig;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The policies the evaluation harness knows by name. {@link #standard()} is the one place where the project's
 * learners are registered; tests build their own registry with {@link #empty()} and {@link #register}.
 */
public final class Policies {

    private final NamedFactories<PolicyFactory> factories = new NamedFactories<>("policy");

    private Policies() {}

    /** A registry with nothing in it. */
    public static Policies empty() {
        return new Policies();
    }

    /**
     * The project's learners, as the {@code eddy bandit-eval} command line offers them.
     *
     * <p>Register each learner here, under the name the issue and the reports use:
     * {@code neufastcb}, {@code neusquarecb}, {@code neuralucb}, {@code neuralts}, {@code squarecb-linear},
     * {@code linucb}, {@code epsilon-greedy}, {@code uniform}. For example:
     * <pre>{@code
     * p.register("uniform", (dim, k, seed, params) -> new UniformRandom(...));
     * }</pre>
     * The learners live in {@code dev.eddy.bandits.neural} and {@code dev.eddy.bandits.baseline}; the harness was
     * written without them so that it can be tested on its own.
     */
    public static Policies standard() {
        Policies p = new Policies();
        p.register("neufastcb", (dim, k, seed, params) -> built("neufastcb", params, q ->
                sharded(q, shardSeed -> new NeuCB(neural(q, NeuCbConfig.fastCbDefaults(shardSeed)), dim, drift(q)), seed)));
        p.register("neusquarecb", (dim, k, seed, params) -> built("neusquarecb", params, q ->
                sharded(q, shardSeed -> new NeuCB(neural(q, NeuCbConfig.squareCbDefaults(shardSeed)), dim, drift(q)), seed)));
        p.register("neuralucb", (dim, k, seed, params) -> built("neuralucb", params, q ->
                new DiagonalNeuralBandit(diagonal(q, NeuralUcbConfig.ucbDefaults(seed)), dim)));
        p.register("neuralts", (dim, k, seed, params) -> built("neuralts", params, q ->
                new DiagonalNeuralBandit(diagonal(q, NeuralUcbConfig.tsDefaults(seed)), dim)));
        p.register("uniform", (dim, k, seed, params) -> built("uniform", params, q -> new UniformRandom()));
        p.register("epsilon-greedy", (dim, k, seed, params) -> built("epsilon-greedy", params, q ->
                new EpsilonGreedy(new EpsilonGreedy.Config(dim, q.number("epsilon", 1.0), q.number("decay", 0.5),
                        regression(q, EpsilonGreedy.DEFAULT_LEARNING_RATE)))));
        p.register("linucb", (dim, k, seed, params) -> built("linucb", params, q -> {
            double ridge = q.number("ridge", 1.0);
            double alpha = q.number("alpha", 1.0);
            // Per-action models on the disjoint encoding (the classic LinUCB) unless mode=shared.
            return q.text("mode", "disjoint").equals("shared")
                    ? LinUcb.shared(dim, ridge, alpha)
                    : LinUcb.disjoint(dim / k, k, ridge, alpha);
        }));
        p.register("squarecb-linear", (dim, k, seed, params) -> built("squarecb-linear", params, q ->
                new LinearSquareCb(new LinearSquareCb.Config(dim, regression(q, LinearSquareCb.DEFAULT_LEARNING_RATE),
                        gamma(q, LinearSquareCb.DEFAULT_GAMMA_SCALE), flag(q, "importance-weights", true)))));
        return p;
    }

    private static ContextualBandit built(String name, Map<String, String> params,
                                          java.util.function.Function<PolicyParams, ContextualBandit> make) {
        return NamedFactories.built(name, params, make);
    }

    /**
     * The plain learner, or with {@code shards} > 1 a {@link ShardedBandit} of that many learners merged every
     * {@code merge-every} examples per shard. Shard i is seeded {@code seed + i} so that the shards draw independent
     * perturbations (they start from shard 0's weights); shard 0 carries the model's own seed, so that the merged
     * model is a plain learner of the configured seed.
     */
    private static ContextualBandit sharded(PolicyParams q, java.util.function.LongFunction<NeuCB> make, long seed) {
        int shards = q.integer("shards", 1);
        int mergeEvery = q.integer("merge-every", 10);
        if (shards < 1 || shards > 64) throw new IllegalArgumentException("shards must be in 1..64, was " + shards);
        if (mergeEvery < 1) throw new IllegalArgumentException("merge-every must be >= 1, was " + mergeEvery);
        if (shards == 1) return make.apply(seed);
        List<NeuCB> learners = new java.util.ArrayList<>();
        for (int i = 0; i < shards; i++) learners.add(make.apply(seed + i));
        return new ShardedBandit(learners, mergeEvery);
    }

    private static NeuCbConfig neural(PolicyParams q, NeuCbConfig d) {
        return new NeuCbConfig(d.name(), q.integer("layers", d.hiddenLayers()), q.integer("width", d.width()),
                q.number("sigma", d.sigma()), q.number("lr", d.learningRate()),
                q.text("decay", String.valueOf(d.decay())).equals("true"), q.integer("steps", d.steps()), d.loss(),
                new GammaSchedule(q.number("gamma-scale", d.gamma().scale()),
                        q.number("gamma-exponent", d.gamma().exponent())),
                q.number("clip", d.clip()), d.seed());
    }

    private static NeuralUcbConfig diagonal(PolicyParams q, NeuralUcbConfig d) {
        return new NeuralUcbConfig(d.name(), d.exploration(), q.integer("layers", d.hiddenLayers()),
                q.integer("width", d.width()), q.number("lambda", d.lambda()), q.number("nu", d.nu()),
                q.number("lr", d.learningRate()), q.integer("steps", d.steps()), q.number("clip", d.clip()), d.seed());
    }

    /**
     * {@code drift=on} makes a NeuCB learner restart its exploration when its played actions turn worse than it
     * predicts ({@link LossDriftDetector}; {@code drift-slack}, {@code drift-threshold}); off (the default) it never does.
     */
    private static LossDriftDetector drift(PolicyParams q) {
        String on = q.text("drift", "off");
        if (!on.equals("on") && !on.equals("off")) throw new IllegalArgumentException("drift must be on or off, was " + on);
        // Read only when on, so that a slack or threshold given with drift off fails as an unknown parameter.
        if (on.equals("off")) return null;
        return new LossDriftDetector(q.number("drift-slack", LossDriftDetector.DEFAULT_SLACK),
                q.number("drift-threshold", LossDriftDetector.DEFAULT_THRESHOLD));
    }

    /** {@code regression=normalized} (the default, at {@code lr}), {@code adagrad} (at {@code lr}, 0.1) or {@code ridge}. */
    private static Regression regression(PolicyParams q, double normalizedRate) {
        String kind = q.text("regression", "normalized");
        return switch (kind) {
            case "normalized" -> Regression.normalized(q.number("lr", normalizedRate));
            case "adagrad" -> Regression.adaGrad(q.number("lr", 0.1));
            case "ridge" -> Regression.ridge(q.number("ridge", 1.0));
            default -> throw new IllegalArgumentException("regression must be normalized, adagrad or ridge, was '"
                    + kind + "'");
        };
    }

    private static boolean flag(PolicyParams q, String key, boolean defaultValue) {
        String v = q.text(key, String.valueOf(defaultValue));
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    static GammaSchedule gamma(PolicyParams q, double defaultScale) {
        return new GammaSchedule(q.number("gamma-scale", defaultScale), q.number("gamma-exponent", 0.5));
    }

    /** Adds (or replaces) the factory for {@code name}; returns this registry. */
    public Policies register(String name, PolicyFactory factory) {
        factories.register(name, factory);
        return this;
    }

    public boolean contains(String name) {
        return factories.contains(name);
    }

    /** The registered names, in registration order. */
    public List<String> names() {
        return factories.names();
    }

    /** A new learner; throws {@link UnknownPolicyException} naming the known policies when {@code name} is not one. */
    public ContextualBandit create(String name, int dimension, int actions, long seed, Map<String, String> params) {
        return factories.get(name).create(dimension, actions, seed,
                params == null ? Collections.emptyMap() : Map.copyOf(params));
    }
}
