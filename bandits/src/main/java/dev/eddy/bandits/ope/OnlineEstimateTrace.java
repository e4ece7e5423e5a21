package dev.eddy.bandits.ope;

import java.util.ArrayList;
import java.util.List;

/**
 * The estimate as a function of the number of events, for "estimate vs events" plots: the estimator's value on
 * the first m slates of the log for m up to the whole log, from running sums of its {@link EstimatorTerms}, O(n)
 * in all. For importance-weighted means (IPS, IIPS, RIPS) and SNIPS/replay with rewards in [0, 1] and slates of
 * equal size, each point also carries a {@link ConfidenceSequence} bound (scaled by the log's largest applied
 * weight, a plug-in): unlike per-point intervals these hold for all points at once. Other estimators get NaN bounds.
 * Model-based estimators use the model fitted on the whole log at every point.
 */
public final class OnlineEstimateTrace {

    /** @param events samples (slots) seen so far */
    public record Point(long events, double value, double lower, double upper) {}

    private OnlineEstimateTrace() {}

    /** About {@code maxPoints} points evenly spaced in slates, always including the last. */
    public static List<Point> of(EstimatorTerms t, int maxPoints, double level) {
        if (maxPoints < 1) throw new IllegalArgumentException("need at least one point, got " + maxPoints);
        int units = t.units();
        List<Point> out = new ArrayList<>(Math.min(units, maxPoints) + 1);
        if (units == 0) return out;
        int every = (int) Math.ceil(units / (double) maxPoints);
        boolean bounded = t.form() != EstimatorTerms.Form.GENERAL && t.rewardsInUnitInterval() && equalSlates(t);
        double scale = t.maxImportanceWeight();
        boolean ratio = t.form() == EstimatorTerms.Form.SELF_NORMALIZED;
        // SNIPS = A/B: a sequence for each at half the error, and the ratio of their ends (union bound).
        ConfidenceSequence a = new ConfidenceSequence(ratio ? 1 - (1 - level) / 2 : level);
        ConfidenceSequence b = ratio ? new ConfidenceSequence(1 - (1 - level) / 2) : null;
        double d = 0, w = 0, z = 0;
        long c = 0;
        for (int u = 0; u < units; u++) {
            d += t.direct[u];
            w += t.weighted[u];
            z += t.normalizer[u];
            c += t.count[u];
            if (bounded && scale > 0) {
                a.add(clip(t.weighted[u] / t.count[u] / scale));
                if (ratio) b.add(clip(t.normalizer[u] / t.count[u] / scale));
            }
            if ((u + 1) % every != 0 && u != units - 1) continue;
            double value = t.combine(d, w, z, c);
            double lo = Double.NaN, hi = Double.NaN;
            if (bounded && scale == 0) {
                lo = 0;
                hi = 0;
            } else if (bounded && !ratio) {
                lo = a.lower() * scale;
                hi = a.upper() * scale;
            } else if (bounded) {
                lo = Math.min(1, b.upper() > 0 ? a.lower() / b.upper() : 0);
                hi = b.lower() > 0 ? Math.min(1, a.upper() / b.lower()) : 1;
            }
            out.add(new Point(c, value, lo, hi));
        }
        return out;
    }

    private static boolean equalSlates(EstimatorTerms t) {
        for (int k : t.count) {
            if (k != t.count[0]) return false;
        }
        return true;
    }

    /** Rounding in w·r / max w can overshoot 1 by an ulp. */
    private static double clip(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
