package dev.eddy.bandits.eval;

import java.util.List;
import java.util.Locale;

/**
 * One policy over several seeds: the mean final regret and its sample standard deviation over seeds, the mean
 * average reward, the mean throughput, and the mean cumulative-regret curve for plots.
 */
public record EvalSummary(String policy, List<EvalResult> runs, double meanRegret, double stdRegret,
                          double meanReward, double roundsPerSecond, double[] meanCurve) {

    public EvalSummary {
        runs = List.copyOf(runs);
    }

    /** Aggregates runs of one policy with the same number of rounds. */
    public static EvalSummary of(List<EvalResult> runs) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs to summarize");
        String policy = runs.get(0).policy();
        int t = runs.get(0).rounds();
        for (EvalResult r : runs) {
            if (!r.policy().equals(policy) || r.rounds() != t) {
                throw new IllegalArgumentException("runs differ in policy or rounds: " + policy + "/" + t + " vs "
                        + r.policy() + "/" + r.rounds());
            }
        }
        int s = runs.size();
        double[] regrets = runs.stream().mapToDouble(EvalResult::regret).toArray();
        double mean = mean(regrets);
        double var = 0;
        for (double x : regrets) var += (x - mean) * (x - mean);
        // Sample std (n-1): the spread we would see between seeds, not of these seeds alone.
        double std = s > 1 ? Math.sqrt(var / (s - 1)) : 0.0;
        double[] curve = new double[t];
        for (EvalResult r : runs) {
            double[] c = r.cumulativeRegret();
            for (int i = 0; i < t; i++) curve[i] += c[i] / s;
        }
        return new EvalSummary(policy, runs, mean, std,
                mean(runs.stream().mapToDouble(EvalResult::averageReward).toArray()),
                mean(runs.stream().mapToDouble(EvalResult::roundsPerSecond).toArray()), curve);
    }

    private static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) sum += x;
        return sum / xs.length;
    }

    public int seeds() {
        return runs.size();
    }

    public int rounds() {
        return meanCurve.length;
    }

    /** The report line, e.g. {@code neufastcb regret=1234.0 ±12.3 reward=0.870 rounds/s=52000}. */
    public String line() {
        return String.format(Locale.ROOT, "%s regret=%.1f ±%.1f reward=%.3f rounds/s=%.0f",
                policy, meanRegret, stdRegret, meanReward, roundsPerSecond);
    }
}
