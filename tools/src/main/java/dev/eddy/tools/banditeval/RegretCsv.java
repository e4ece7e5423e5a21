package dev.eddy.tools.banditeval;

import dev.eddy.bandits.eval.EvalResult;
import dev.eddy.bandits.eval.EvalSummary;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The evaluation's figures as CSV files, for plotting and tables elsewhere. */
public final class RegretCsv {

    private RegretCsv() {}

    /**
     * One row per (policy, seed, sampled round): {@code policy,seed,round,cumulative_regret}, rounds 1-based,
     * every {@code every}-th round and always the last one, so that the final regret is in the file.
     */
    public static void writeCurves(Path file, List<EvalSummary> summaries, int every) throws IOException {
        if (every < 1) throw new IllegalArgumentException("every must be >= 1, was " + every);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("policy,seed,round,cumulative_regret\n");
            for (EvalSummary s : summaries) {
                for (EvalResult r : s.runs()) {
                    double[] c = r.cumulativeRegret();
                    for (int round : sampledRounds(c.length, every)) {
                        w.write(field(r.policy()) + "," + r.seed() + "," + round + "," + number(c[round - 1]) + "\n");
                    }
                }
            }
        }
    }

    /** One row per policy: seeds, rounds, mean and std of the final regret, mean reward, throughput, wall time. */
    public static void writeSummary(Path file, List<EvalSummary> summaries) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("policy,seeds,rounds,mean_regret,std_regret,mean_reward,rounds_per_s,wall_s\n");
            for (EvalSummary s : summaries) {
                double wall = s.runs().stream().mapToDouble(EvalResult::wallSeconds).sum();
                w.write(String.join(",", field(s.policy()), Integer.toString(s.seeds()), Integer.toString(s.rounds()),
                        number(s.meanRegret()), number(s.stdRegret()), number(s.meanReward()),
                        String.format(Locale.ROOT, "%.1f", s.roundsPerSecond()),
                        String.format(Locale.ROOT, "%.3f", wall)) + "\n");
            }
        }
    }

    /** Rounds {@code every, 2·every, ...} (1-based) plus the last round. */
    static int[] sampledRounds(int rounds, int every) {
        int n = rounds / every + (rounds % every == 0 ? 0 : 1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = Math.min(rounds, (i + 1) * every);
        return out;
    }

    private static String number(double v) {
        // Regrets of 0/1 rewards are integers; keep them short and exact, other values with full precision.
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
