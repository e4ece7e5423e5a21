package dev.eddy.tools.demo;

import dev.eddy.serving.drift.DriftGuards;

import dev.eddy.events.event.ExperimentResults;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The demo's live lines and closing summary. */
final class DemoReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String[] VARIANTS = {DemoExperiment.BANDIT, DemoExperiment.MF, DemoExperiment.UNIFORM};

    private DemoReport() {}

    static void line(PrintStream out, double secs, HttpTraffic.Counts t, LiveCounts.Snapshot s,
                     Map<String, RunningReward.Stat> reward, Map<String, HttpTraffic.VariantView> views,
                     Map<String, Long> models, String lastError) {
        // One short line for the whole, then one per variant: a terminal's width, not one line of 230 characters.
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%5.0fs | requests %,d | examples %,d | drifts %d | models %s", secs, t.requests(), s.examples(),
                t.drifts(), models.isEmpty() ? "none yet" : models));
        if (t.failed() > 0) b.append(" | failed requests ").append(t.failed()).append(" (last: ").append(lastError).append(')');
        out.println(b);
        for (String variant : VARIANTS) {
            RunningReward.Stat r = reward.getOrDefault(variant, new RunningReward.Stat(0, 0, 0, 0));
            HttpTraffic.VariantView v = views.get(variant);
            out.println(String.format(Locale.ROOT, "       %-8s %,7d req | reward %.3f | model v%s | p99 %s", variant,
                    r.decisions(), r.recentRate(), v == null || v.modelVersion() == 0 ? "-" : v.modelVersion(),
                    v == null || Double.isNaN(v.p99Ms()) ? "-" : String.format(Locale.ROOT, "%.1f ms", v.p99Ms())));
        }
    }

    /** The live line of the experiment: each variant's always-valid lift on the click rate, and the split's health. */
    static void experimentLine(PrintStream out, ExperimentResults r) {
        if (r == null) {
            out.println("      experiment: no read-out from the experiments job yet");
            return;
        }
        out.println("      experiment (always-valid, data until " + TIME.format(r.dataUntil()) + "): "
                + String.join("; ", ExperimentLines.lifts(r, DemoExperiment.METRIC)) + "; " + ExperimentLines.sampleRatio(r));
    }

    static void summary(PrintStream out, Demo.Summary sum) {
        HttpTraffic.Counts t = sum.traffic();
        LiveCounts.Snapshot s = sum.joined();
        double secs = sum.seconds();
        out.println();
        out.printf("Summary after %.0f s (taste drifts: %d)%n", secs, t.drifts());
        out.printf("  rank requests         %,10d  (%.0f/s; %,d failed; %,d malformed on purpose, answered 4xx)%n",
                t.requests(), t.requests() / secs, t.failed(), t.rejectedOnPurpose());
        out.printf("  rewards sent          %,10d  (+%,d redelivered copies, %,d sent after their window on purpose)%n",
                t.rewards(), t.duplicates(), t.late());
        out.printf("  logged to Kafka       %,10d  (%,d dropped, %,d failed)%n", sum.logged().sent(),
                sum.logged().dropped(), sum.logged().failed());
        out.printf("  joined examples       %,10d  (%,d with a reward, %,d with the default reward)%n",
                s.examples(), s.observed(), s.examples() - s.observed());
        out.printf("  dead letters          %,10d%n", s.deadLetters());
        s.deadByReason().entrySet().stream().sorted(Map.Entry.comparingByValue(java.util.Comparator.reverseOrder()))
                .forEach(e -> out.printf("      %-40s %,6d%n", e.getKey(), e.getValue()));
        out.println("  model versions loaded by serving: " + (sum.versions().isEmpty() ? "none" : sum.versions()));
        out.println("  reward by variant (click rate: whole run / last " + Demo.REWARD_WINDOW + " requests), model version, p99");
        for (String variant : new TreeSet<>(sum.reward().keySet())) {
            RunningReward.Stat r = sum.reward().get(variant);
            HttpTraffic.VariantView v = sum.variants().get(variant);
            out.printf("      %-10s %,8d requests  %.4f / %.4f  v%s  p99 %s%n", variant, r.decisions(), r.rate(),
                    r.recentRate(), v == null || v.modelVersion() == 0 ? "-" : v.modelVersion(),
                    v == null || Double.isNaN(v.p99Ms()) ? "-" : String.format("%.1f ms", v.p99Ms()));
        }
        RunningReward.Stat uniform = sum.reward().get(DemoExperiment.UNIFORM);
        for (String variant : new String[]{DemoExperiment.BANDIT, DemoExperiment.MF}) {
            RunningReward.Stat r = sum.reward().get(variant);
            if (r != null && uniform != null && uniform.rate() > 0 && uniform.recentRate() > 0) {
                out.printf("  %s vs %s: %+.1f %% over the whole run, %+.1f %% over the last %d requests%n", variant,
                        DemoExperiment.UNIFORM, 100 * (r.rate() / uniform.rate() - 1),
                        100 * (r.recentRate() / uniform.recentRate() - 1), Demo.REWARD_WINDOW);
            }
        }
        for (String line : AfterDrift.lines(sum.afterDrift(), DemoExperiment.BANDIT, DemoExperiment.UNIFORM,
                Demo.AFTER_DRIFT.toMillis())) {
            out.println("  " + line);
        }
        for (String line : DriftLag.lines(sum.driftLag())) out.println("  " + line);
        SessionLines.print(out, sum.sessions(), sum.sessionExperiment());
        ExperimentResults r = sum.experiment();
        if (r == null) {
            out.println("  experiment " + DemoExperiment.ID + ": no read-out from the experiments job yet (it reads out every "
                    + "experiments.emit-every of event time)");
            return;
        }
        out.printf("  experiment %s, %s by the experiments job (data until %s UTC; control %s; users: %s):%n",
                r.experimentId(), DemoExperiment.METRIC, TIME.format(r.dataUntil()), r.control(),
                r.variants().stream().map(v -> v.variant() + " " + String.format("%,d", v.users())).toList());
        for (String line : ExperimentLines.lifts(r, DemoExperiment.METRIC)) out.println("      " + line);
        out.println("      " + ExperimentLines.sampleRatio(r));
        for (String line : ExperimentLines.guardrails(r)) out.println("      " + line);
    }

    /** The drift guard's line of the summary. */
    static String driftGuardLine(boolean on, List<DriftGuards.Episode> episodes, long startMs) {
        if (!on) return "  drift guard: off (--no-drift-guard)";
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  drift guard: %d alarm(s) on the bandit "
                + "variant's reward rate, each followed by exploring other candidates than the model's pick until its "
                + "picks proved better", episodes.size()));
        for (DriftGuards.Episode e : episodes) {
            b.append(String.format(Locale.ROOT, "; alarm at %.1f s", (e.alarmAtMs() - startMs) / 1000.0));
            if (e.endedAtMs() != Long.MIN_VALUE) {
                b.append(String.format(Locale.ROOT, ", model again at %.1f s", (e.endedAtMs() - startMs) / 1000.0));
            }
        }
        return b.toString();
    }
}
