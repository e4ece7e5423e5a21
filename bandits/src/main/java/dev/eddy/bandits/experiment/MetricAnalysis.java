package dev.eddy.bandits.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * The entry point for a streaming job: from every variant's {@link MetricStats} of one (experiment, metric, segment)
 * to a {@link MetricResult}, every few seconds. Pure and deterministic; the only state carried between looks is the
 * previous result (running minima and intersections of the always-valid outputs).
 *
 * <p>The intersections and minima are valid for an effect that stays put. When the effect moves (a bandit learns,
 * a model loads and the variant's latency rises), this look's estimate can leave the interval that earlier looks narrowed
 * down, and the read-out would go on showing the old effect: a guardrail could then never flag a harm that came
 * later. So an effect whose estimate has left its running interval starts again from this look (its interval, and for
 * the absolute effect the sequential p-values too). That keeps them valid: each look's output is either the
 * intersection or this look's own confidence-sequence output, and both contain the full intersection (p-values: are
 * at least the running minimum), whose coverage the sequence guarantees.
 */
public final class MetricAnalysis {

    private MetricAnalysis() {
    }

    /**
     * Analyses a look.
     *
     * @param variants control first, then the treatments (at least two cells)
     * @param settings levels, tunings, prior, CUPED
     * @param previous this cell's previous result, or null at the first look
     */
    public static MetricResult analyze(List<MetricStats> variants, AnalysisSettings settings, MetricResult previous) {
        if (variants.size() < 2) throw new IllegalArgumentException("need control and at least one treatment, got " + variants.size());
        if (previous != null && previous.treatments().size() != variants.size() - 1) {
            throw new IllegalArgumentException("previous result has " + previous.treatments().size()
                    + " treatments, this look " + (variants.size() - 1));
        }
        Cuped cuped = settings.cuped() ? Cuped.fit(variants) : null;
        List<VariantEstimate> estimates = new ArrayList<>(variants.size());
        for (MetricStats s : variants) estimates.add(cuped == null ? VariantEstimate.of(s) : cuped.adjust(s));
        VariantEstimate control = estimates.get(0);
        AsymptoticConfidenceSequence sequence = new AsymptoticConfidenceSequence(settings.alpha(), settings.sequentialTuning());

        List<VariantResult> results = new ArrayList<>(variants.size() - 1);
        for (int v = 1; v < estimates.size(); v++) {
            VariantEstimate treatment = estimates.get(v);
            VariantResult before = previous == null ? null : previous.treatments().get(v - 1);
            Effect absolute = Effect.absolute(control, treatment);
            Effect relative = Effect.relative(control, treatment);
            Msprt msprt = Msprt.forLift(settings.msprtTau(), variants.get(0).plus(variants.get(v)).ratio());
            double sequentialP = sequence.pValue(absolute);
            double msprtP = msprt == null ? 1 : msprt.pValue(absolute);
            EffectResult absoluteBefore = continued(before == null ? null : before.absolute(), absolute);
            EffectResult relativeBefore = continued(before == null ? null : before.relative(), relative);
            if (absoluteBefore != null) {
                sequentialP = Math.min(before.sequentialPValue(), sequentialP);
                msprtP = Math.min(before.msprtPValue(), msprtP);
            }
            results.add(new VariantResult(v, treatment.n(), treatment.mean(), FixedHorizon.pValue(absolute),
                    sequentialP, msprtP,
                    effectResult(absolute, settings.alpha(), sequence, absoluteBefore),
                    effectResult(relative, settings.alpha(), sequence, relativeBefore),
                    Bayesian.readout(relative, settings.prior(), settings.alpha())));
        }
        return new MetricResult(control.n(), control.mean(), results, cuped);
    }

    /**
     * The previous look's result to carry on from, or null to start again: when there is none, or when this look's
     * estimate lies outside the interval the looks so far have narrowed down (an undefined estimate carries on).
     */
    private static EffectResult continued(EffectResult before, Effect now) {
        if (before == null) return null;
        return !now.defined() || before.sequentialInterval().contains(now.estimate()) ? before : null;
    }

    private static EffectResult effectResult(Effect effect, double alpha, AsymptoticConfidenceSequence sequence,
                                             EffectResult before) {
        Interval sequential = sequence.interval(effect);
        if (before != null) sequential = before.sequentialInterval().intersect(sequential);
        return new EffectResult(effect, FixedHorizon.interval(effect, alpha), sequential);
    }
}
