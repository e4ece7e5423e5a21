package dev.eddy.tools.banditeval;

import dev.eddy.bandits.mdp.eval.LogLogSlope;
import dev.eddy.bandits.mdp.eval.MdpResult;
import dev.eddy.bandits.mdp.eval.MdpSummary;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The MDP evaluation's figures as CSV files. */
public final class MdpRegretCsv {

    /** Episodes written per run; log-spaced, because the curves are read on log-log axes. */
    public static final int POINTS = 200;

    private MdpRegretCsv() {}

    /** Episodes 1..K at which curves are written and plotted: about {@link #POINTS}, log-spaced, K always included. */
    public static int[] sampledEpisodes(int episodes) {
        return LogLogSlope.logSpaced(1, episodes, POINTS);
    }

    /** One row per (env, policy, seed, sampled episode): {@code env,policy,seed,episode,cumulative_regret}. */
    public static void writeCurves(Path file, List<MdpSummary> summaries) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("env,policy,seed,episode,cumulative_regret\n");
            for (MdpSummary s : summaries) {
                for (MdpResult r : s.runs()) {
                    double[] c = r.cumulativeRegret();
                    for (int k : sampledEpisodes(c.length)) {
                        w.write(r.environment() + "," + r.policy() + "," + r.seed() + "," + k + "," + c[k - 1] + "\n");
                    }
                }
            }
        }
    }

    /** One row per (env, policy): seeds, episodes, final regret and slope (mean, std), throughput, wall time. */
    public static void writeSummary(Path file, List<MdpSummary> summaries) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("env,policy,seeds,episodes,mean_regret,std_regret,mean_slope,std_slope,episodes_per_s,wall_s\n");
            for (MdpSummary s : summaries) {
                double wall = s.runs().stream().mapToDouble(MdpResult::wallSeconds).sum();
                w.write(String.join(",", s.environment(), s.policy(), Integer.toString(s.seeds()),
                        Integer.toString(s.episodes()), Double.toString(s.meanRegret()), Double.toString(s.stdRegret()),
                        Double.toString(s.meanSlope()), Double.toString(s.stdSlope()),
                        String.format(Locale.ROOT, "%.1f", s.episodesPerSecond()),
                        String.format(Locale.ROOT, "%.3f", wall)) + "\n");
            }
        }
    }
}
