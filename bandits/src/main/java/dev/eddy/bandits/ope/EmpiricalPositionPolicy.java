package dev.eddy.bandits.ope;

import java.util.Map;
import java.util.TreeMap;

/**
 * The per-position action distribution of a context-free logging policy (such as the Open Bandit Dataset's
 * Bernoulli-TS), estimated from its log, to be used as a target policy on another log. Two estimates:
 * <ul>
 *   <li>{@link Builder#frequencies()}: the share of impressions at position p that showed action a;</li>
 *   <li>{@link Builder#meanPropensities()}: the mean logged propensity of a at p, renormalised per position (the
 *       logger's own probabilities, averaged over time; less noisy than frequencies for rarely shown actions, and
 *       0 for actions never logged at that position either way).</li>
 * </ul>
 * Either is exact for a logger that never changed; for a learning logger it is its time-average, which is also what
 * its log's mean reward measures.
 */
public final class EmpiricalPositionPolicy {

    private final int actions;
    private final Map<Integer, double[]> distributions;

    private EmpiricalPositionPolicy(int actions, Map<Integer, double[]> distributions) {
        this.actions = actions;
        this.distributions = distributions;
    }

    public static Builder builder(int actions) {
        return new Builder(actions);
    }

    public int actions() {
        return actions;
    }

    /** The positions seen in the log, ascending. */
    public int[] positions() {
        return distributions.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /** π(· | position): a copy, summing to 1. */
    public double[] distribution(int position) {
        double[] d = distributions.get(position);
        if (d == null) throw new IllegalArgumentException("position " + position + " was never logged");
        return d.clone();
    }

    public double probability(int position, int action) {
        double[] d = distributions.get(position);
        if (d == null) throw new IllegalArgumentException("position " + position + " was never logged");
        return d[action];
    }

    /** Accumulates (position, action, propensity) observations of one log. */
    public static final class Builder {
        private final int actions;
        private final Map<Integer, double[]> counts = new TreeMap<>();
        private final Map<Integer, double[]> propensitySums = new TreeMap<>();

        private Builder(int actions) {
            if (actions < 1) throw new IllegalArgumentException("need at least one action, got " + actions);
            this.actions = actions;
        }

        public Builder add(int position, int action, double propensity) {
            if (action < 0 || action >= actions) {
                throw new IllegalArgumentException("action " + action + " is not in [0, " + actions + ")");
            }
            if (!(propensity > 0 && propensity <= 1)) {
                throw new IllegalArgumentException("propensity must be in (0, 1], was " + propensity);
            }
            counts.computeIfAbsent(position, p -> new double[actions])[action]++;
            propensitySums.computeIfAbsent(position, p -> new double[actions])[action] += propensity;
            return this;
        }

        public EmpiricalPositionPolicy frequencies() {
            return normalised(counts);
        }

        public EmpiricalPositionPolicy meanPropensities() {
            Map<Integer, double[]> means = new TreeMap<>();
            propensitySums.forEach((p, sums) -> {
                double[] c = counts.get(p);
                double[] m = new double[actions];
                for (int a = 0; a < actions; a++) m[a] = c[a] == 0 ? 0 : sums[a] / c[a];
                means.put(p, m);
            });
            return normalised(means);
        }

        private EmpiricalPositionPolicy normalised(Map<Integer, double[]> raw) {
            if (raw.isEmpty()) throw new IllegalStateException("no observations");
            Map<Integer, double[]> out = new TreeMap<>();
            raw.forEach((p, v) -> {
                double sum = 0;
                for (double x : v) sum += x;
                double[] d = new double[actions];
                for (int a = 0; a < actions; a++) d[a] = v[a] / sum;
                out.put(p, d);
            });
            return new EmpiricalPositionPolicy(actions, out);
        }
    }
}
