package dev.eddy.bandits.experiment;

/**
 * A guardrail: a bound a variant's effect on some metric must respect whatever the primary metric says, e.g.
 * "latency p99 lift must not exceed +10 %" ({@code atMost(RELATIVE, 0.10)}) or "conversion must not drop below
 * −2 %" ({@code atLeast(RELATIVE, -0.02)}). It is judged on an interval of the effect, by default the always-valid
 * one (so that watching guardrails continuously is safe):
 * <ul>
 *   <li>{@link Status#VIOLATED}: the whole interval is beyond the threshold (harm established);</li>
 *   <li>{@link Status#AT_RISK}: the interval's bound on the harmful side is beyond it (harm not ruled out);</li>
 *   <li>{@link Status#PASS}: the whole interval is on the allowed side.</li>
 * </ul>
 * A variant is flagged when any guardrail is not {@link Status#PASS}: "at the interval's bound".
 *
 * @param metric    the metric's name, for reports
 * @param scale     the effect's scale the threshold is in
 * @param direction whether the effect must stay at most or at least the threshold
 * @param threshold the bound
 */
public record Guardrail(String metric, Scale scale, Direction direction, double threshold) {

    public enum Direction { AT_MOST, AT_LEAST }

    public enum Status { PASS, AT_RISK, VIOLATED }

    public Guardrail {
        if (!Double.isFinite(threshold)) throw new IllegalArgumentException("threshold must be finite, was " + threshold);
    }

    public static Guardrail atMost(String metric, Scale scale, double threshold) {
        return new Guardrail(metric, scale, Direction.AT_MOST, threshold);
    }

    public static Guardrail atLeast(String metric, Scale scale, double threshold) {
        return new Guardrail(metric, scale, Direction.AT_LEAST, threshold);
    }

    /** The guardrail's status for an interval of the effect on its scale. */
    public Status check(Interval interval) {
        double harmful = direction == Direction.AT_MOST ? interval.upper() : -interval.lower();
        double favourable = direction == Direction.AT_MOST ? interval.lower() : -interval.upper();
        double limit = direction == Direction.AT_MOST ? threshold : -threshold;
        if (favourable > limit) return Status.VIOLATED;
        if (harmful > limit) return Status.AT_RISK;
        return Status.PASS;
    }

    /** The guardrail's status for a variant's result on this guardrail's metric, on the always-valid interval. */
    public Status check(VariantResult result) {
        EffectResult effect = scale == Scale.ABSOLUTE ? result.absolute() : result.relative();
        return check(effect.sequentialInterval());
    }

    /** Whether the interval flags the variant (not {@link Status#PASS}). */
    public boolean flags(Interval interval) {
        return check(interval) != Status.PASS;
    }
}
