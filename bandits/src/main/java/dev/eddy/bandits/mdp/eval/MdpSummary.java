package dev.eddy.bandits.mdp.eval;

import java.util.List;
import java.util.Locale;

/**
 * One (environment, policy) over several seeds: mean final regret and mean log-log slope, each with its sample
 * standard deviation over seeds, mean throughput, and the mean regret curve for plots.
 */
public record MdpSummary(String environment, String policy, List<MdpResult> runs, double meanRegret, double stdRegret,
                         double meanSlope, double stdSlope, double episodesPerSecond, double[] meanCurve) {

    public MdpSummary {
        runs = List.copyOf(runs);
    }

    /** Aggregates runs of one environment and policy with the same number of episodes. */
    public static MdpSummary of(List<MdpResult> runs) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs to summarize");
        MdpResult first = runs.get(0);
        for (MdpResult r : runs) {
            if (!r.environment().equals(first.environment()) || !r.policy().equals(first.policy())
                    || r.episodes() != first.episodes()) {
                throw new IllegalArgumentException("runs differ in environment, policy or episodes: " + first.environment()
                        + "/" + first.policy() + "/" + first.episodes() + " vs " + r.environment() + "/" + r.policy()
                        + "/" + r.episodes());
            }
        }
        int k = first.episodes();
        double[] curve = new double[k];
        for (MdpResult r : runs) {
            double[] c = r.cumulativeRegret();
            for (int i = 0; i < k; i++) curve[i] += c[i] / runs.size();
        }
        double[] regrets = runs.stream().mapToDouble(MdpResult::regret).toArray();
        // A run whose curve had too few positive points has no slope; average the others rather than report NaN.
        double[] slopes = runs.stream().mapToDouble(MdpResult::slope).filter(Double::isFinite).toArray();
        return new MdpSummary(first.environment(), first.policy(), runs, mean(regrets), std(regrets), mean(slopes),
                std(slopes), mean(runs.stream().mapToDouble(MdpResult::episodesPerSecond).toArray()), curve);
    }

    private static double mean(double[] xs) {
        if (xs.length == 0) return Double.NaN;
        double sum = 0;
        for (double x : xs) sum += x;
        return sum / xs.length;
    }

    /** Sample std (n − 1): the spread we would see between seeds, not of these seeds alone; 0 for one seed. */
    private static double std(double[] xs) {
        if (xs.length < 2) return xs.length == 1 ? 0 : Double.NaN;
        double m = mean(xs);
        double v = 0;
        for (double x : xs) v += (x - m) * (x - m);
        return Math.sqrt(v / (xs.length - 1));
    }

    public int seeds() {
        return runs.size();
    }

    public int episodes() {
        return meanCurve.length;
    }

    /** The report line, e.g. {@code switching ftrl-logbarrier regret=812.5 ±20.1 slope=0.52 ±0.03 episodes/s=12000}. */
    public String line() {
        return String.format(Locale.ROOT, "%s %s regret=%.1f ±%.1f slope=%.2f ±%.2f episodes/s=%.0f",
                environment, policy, meanRegret, stdRegret, meanSlope, stdSlope, episodesPerSecond);
    }
}
