package dev.eddy.jobs.demo;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.Map;

/** The demo's live lines and closing summary. */
final class DemoReport {

    private DemoReport() {}

    static void line(PrintStream out, double secs, DemoTraffic.Counts t, LiveCounts.Snapshot s,
                     Map<String, RunningReward.Stat> reward, Map<String, Long> versions) {
        StringBuilder b = new StringBuilder(String.format("%5.0fs  drift %d  join: decisions %,7d rewards %,6d examples %,7d dead %,4d |",
                secs, t.drifts(), t.decisions(), t.rewards(), s.examples(), s.deadLetters()));
        for (String variant : new String[]{Variants.LEARNED, Variants.UNIFORM}) {
            RunningReward.Stat r = reward.getOrDefault(variant, new RunningReward.Stat(0, 0, 0, 0));
            Long v = versions.get(variant);
            b.append(String.format("  %s%s: %,6d decisions, reward %.3f (last %d)", variant,
                    variant.equals(Variants.LEARNED) ? " v" + (v == null ? "-" : v) : "", r.decisions(), r.recentRate(),
                    r.recentDecisions()));
        }
        out.println(b);
    }

    static void summary(PrintStream out, Demo.Summary sum) {
        DemoTraffic.Counts t = sum.traffic();
        LiveCounts.Snapshot s = sum.joined();
        double secs = sum.seconds();
        out.println();
        out.printf("Summary after %.0f s (taste drifts: %d)%n", secs, t.drifts());
        out.printf("  decisions sent        %,10d  (%.0f/s; %,d of them malformed on purpose)%n", t.decisions(),
                t.decisions() / secs, t.malformed());
        out.printf("  rewards sent          %,10d  (+%,d redelivered copies, %,d sent after their window on purpose)%n",
                t.rewards(), t.duplicates(), t.late());
        out.printf("  joined examples       %,10d  (%,d with a reward, %,d with the default reward)%n",
                s.examples(), s.observed(), s.examples() - s.observed());
        out.printf("  dead letters          %,10d%n", s.deadLetters());
        s.deadByReason().entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> out.printf("      %-40s %,6d%n", e.getKey(), e.getValue()));
        long pending = t.decisions() - t.malformed() - s.examples();
        out.printf("  still in their window %,10d  (decisions of the last seconds; the join emits them when the window closes)%n",
                Math.max(0, pending));
        Long version = sum.versions().get(Variants.LEARNED);
        out.printf("  model versions        %10s  (newest '%s' version published to eddy.models and used for decisions)%n",
                version == null ? "none" : String.valueOf(version), Variants.LEARNED);
        out.println("  reward by variant (click rate: whole run / last " + Demo.REWARD_WINDOW + " decisions)");
        RunningReward.Stat learned = sum.reward().get(Variants.LEARNED);
        RunningReward.Stat uniform = sum.reward().get(Variants.UNIFORM);
        sum.reward().forEach((variant, r) -> out.printf("      %-12s %,8d decisions  %.4f / %.4f%n", variant,
                r.decisions(), r.rate(), r.recentRate()));
        if (learned != null && uniform != null && uniform.recentRate() > 0) {
            out.printf("  %s vs %s: %+.1f %% over the whole run, %+.1f %% over the last %d decisions%n",
                    Variants.LEARNED, Variants.UNIFORM, 100 * (learned.rate() / uniform.rate() - 1),
                    100 * (learned.recentRate() / uniform.recentRate() - 1), Demo.REWARD_WINDOW);
        }
    }
}
