package dev.eddy.jobs.replay;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A logged contextual bandit whose truth is known: for event i a context x_i (Gaussian features in namespace
 * {@code user}), {@code actions} candidates (one-hot ids in namespace {@code item}), click probability
 * μ(x, a) = sigmoid(θ_a·x + b_a) with θ, b drawn once from the seed, and a logging policy softmax(μ/temperature)
 * whose whole distribution is logged. Event i is a pure function of (seed, i), so that a parallel generator
 * and a test compute the same log, and {@link #trueReward} gives the expected reward an estimator should recover.
 */
public final class SyntheticLog implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int FEATURES = 5;
    /** Peaked enough that the log is far from uniform, flat enough that importance weights stay below ~50. */
    public static final double DEFAULT_TEMPERATURE = 0.25;
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private final long seed;
    private final int actions;
    private final double temperature;
    private final double[][] theta;
    private final double[] bias;

    public SyntheticLog(long seed, int actions, double temperature) {
        if (actions < 2) throw new IllegalArgumentException("a synthetic log needs at least 2 actions, got " + actions);
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, was " + temperature);
        this.seed = seed;
        this.actions = actions;
        this.temperature = temperature;
        SplittableRandom r = new SplittableRandom(seed);
        theta = new double[actions][FEATURES];
        bias = new double[actions];
        for (int a = 0; a < actions; a++) {
            for (int j = 0; j < FEATURES; j++) theta[a][j] = r.nextGaussian();
            bias[a] = -1.5 + 0.3 * r.nextGaussian();
        }
    }

    public int actions() {
        return actions;
    }

    public double[] context(long i) {
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (i + 1)));
        double[] x = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) x[j] = r.nextGaussian();
        return x;
    }

    /** μ(x_i, a): the expected reward of action a in event i. */
    public double trueReward(long i, int a) {
        return trueReward(context(i), a);
    }

    private double trueReward(double[] x, int a) {
        double z = bias[a];
        for (int j = 0; j < FEATURES; j++) z += theta[a][j] * x[j];
        return 1 / (1 + Math.exp(-z));
    }

    /** The logging policy's distribution in event i. */
    public double[] loggingDistribution(long i) {
        double[] x = context(i);
        double[] p = new double[actions];
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < actions; a++) max = Math.max(max, p[a] = trueReward(x, a) / temperature);
        double sum = 0;
        for (int a = 0; a < actions; a++) sum += p[a] = Math.exp(p[a] - max);
        for (int a = 0; a < actions; a++) p[a] /= sum;
        return p;
    }

    public JoinedExample event(long i) {
        double[] x = context(i);
        double[] p = loggingDistribution(i);
        // A separate stream for the draws, so that context(i) stays a function of (seed, i) alone.
        SplittableRandom r = new SplittableRandom((seed + 1) ^ (0xBF58476D1CE4E5B9L * (i + 1)));
        double u = r.nextDouble();
        int chosen = actions - 1;
        double cumulative = 0;
        for (int a = 0; a < actions; a++) {
            cumulative += p[a];
            if (u < cumulative) {
                chosen = a;
                break;
            }
        }
        double click = r.nextDouble() < trueReward(x, chosen) ? 1 : 0;
        Map<String, Double> user = new LinkedHashMap<>();
        for (int j = 0; j < FEATURES; j++) user.put("x" + j, x[j]);
        List<Candidate> candidates = new ArrayList<>(actions);
        List<Double> distribution = new ArrayList<>(actions);
        for (int a = 0; a < actions; a++) {
            candidates.add(new Candidate("a" + a, Map.of("item", Map.of("id=" + a, 1.0))));
            distribution.add(p[a]);
        }
        String id = "synthetic-" + i;
        Instant t = Instant.ofEpochMilli(T0 + i);
        Decision d = Decision.builder().eventId(id).timestamp(t).policy("softmax").context(Map.of("user", user))
                .candidates(candidates).chosen(List.of(chosen)).probabilities(List.of(p[chosen]))
                .distribution(distribution).build();
        return new JoinedExample(d, List.of(Reward.of(id, t, click)), click, true, t);
    }

    /** The event as a replay record (what the synthetic source emits). */
    public ReplayRecord record(long i) {
        JoinedExample e = event(i);
        return ReplayRecord.good("synthetic", i + 1, e.decision().timestamp().toEpochMilli(), EventJson.write(e));
    }
}
