package dev.eddy.jobs.replay;

import dev.eddy.bandits.ope.Estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why an estimate should not be read at face value, as short tokens (for the printed lines and scripts) and
 * sentences (for the report). An estimate with any of them is marked in the report.
 */
public final class EstimateWarnings {

    /** One reason: a token such as {@code low-ess} and a sentence for people. */
    public record Warning(String token, String sentence) {}

    /** Below this effective sample size (or 1 % of the decisions, whichever is larger) an estimate is flagged. */
    static final int MIN_ESS = 30;
    /** Above this largest importance weight a few decisions dominate the estimate. */
    static final double MAX_WEIGHT = 100;

    private EstimateWarnings() {}

    public static List<Warning> of(Estimate e) {
        List<Warning> out = new ArrayList<>();
        if (!Double.isFinite(e.value())) {
            out.add(new Warning("no-estimate", "no decision carries weight: the policy never agreed with the log"));
            return out;
        }
        double minEss = Math.max(MIN_ESS, 0.01 * e.n());
        if (e.effectiveSampleSize() < minEss) {
            out.add(new Warning("low-ess", String.format(Locale.ROOT,
                    "effective sample size %.0f < %.0f: too few decisions carry the estimate to trust it",
                    e.effectiveSampleSize(), minEss)));
        }
        if (e.maxImportanceWeight() > MAX_WEIGHT) {
            out.add(new Warning("large-weight", String.format(Locale.ROOT,
                    "largest importance weight %.3g > %.0f: a few decisions dominate", e.maxImportanceWeight(),
                    MAX_WEIGHT)));
        }
        if (e.intervalMethod().contains("events)")) {
            out.add(new Warning("few-events", "rests on fewer than 10 rewarded (or unrewarded) decisions: the "
                    + "bootstrap interval is widened to an exact or finite-sample bound"));
        }
        if (e.intervalMethod().contains(ReplayEvaluation.IGNORES_MODEL_BIAS)) {
            out.add(new Warning("model-bias", "model-based: the interval holds the reward model fixed and ignores "
                    + "its bias, which can be far larger than the interval"));
        }
        return out;
    }

    /** " warn=a,b" for the printed line, or "" when there is nothing to say. */
    static String suffix(Estimate e) {
        List<Warning> w = of(e);
        return w.isEmpty() ? "" : " warn=" + String.join(",", w.stream().map(Warning::token).toList());
    }
}
