package dev.eddy.bandits.experiment;

import java.util.List;

/**
 * CUPED variance reduction (Deng, Xu, Kohavi, Walker, "Improving the sensitivity of online controlled experiments by
 * utilizing pre-experiment data", WSDM 2013): each variant's metric is adjusted by a covariate c measured before the
 * experiment, Ŷ_cv = Ȳ − θ(c̄ − E c), with θ = cov(Y, c)/var(c). Because assignment is random, c̄ has the same
 * expectation in every variant and the adjustment leaves effects unbiased; the adjusted mean's variance is
 * var(Y)(1 − ρ²)/n where ρ is the correlation of Y and c.
 * <p>
 * θ is pooled over all variants (as the paper and GrowthBook do): one θ for every arm keeps the differences of
 * adjusted means equal to the differences of the metric minus θ times the differences of c̄. E c is estimated by the
 * pooled mean of c, so an adjusted mean stays on the metric's own scale; the choice cancels in absolute effects, and
 * relative effects divide by the control's unadjusted metric, as in gbstats.
 * <p>
 * For ratio metrics Y is the ratio's linearisation (y − R·x)/x̄, so the same formulas adjust Σy/Σx.
 *
 * @param theta         the pooled regression coefficient cov(Y, c)/var(c) (0 when c does not vary)
 * @param covariateMean the pooled mean of c, the centre of the adjustment
 * @param correlation   the pooled correlation of Y and c (0 when either does not vary)
 */
public record Cuped(double theta, double covariateMean, double correlation) {

    /** θ, E c and ρ from all variants' statistics together. */
    public static Cuped fit(List<MetricStats> variants) {
        MetricStats pooled = MetricStats.sum(variants);
        double varC = pooled.varianceC();
        double varY = pooled.ratioUnitVariance();
        double covYC = pooled.ratioCovarianceWithCovariate();
        double theta = varC > 0 ? covYC / varC : 0;
        double correlation = varC > 0 && varY > 0 ? covYC / Math.sqrt(varC * varY) : 0;
        return new Cuped(theta, pooled.meanC(), correlation);
    }

    /**
     * The variant's adjusted estimate: mean = R − θ(c̄ − E c), Var(mean) = [var Y − 2θ cov(Y, c) + θ² var c]/n with
     * the variant's own (co)variances, Cov(mean, R) = [var Y − θ cov(Y, c)]/n.
     */
    public VariantEstimate adjust(MetricStats s) {
        if (s.n() == 0) return VariantEstimate.of(s);
        double varY = s.ratioUnitVariance();
        double covYC = s.ratioCovarianceWithCovariate();
        double varC = s.varianceC();
        double n = s.n();
        double mean = s.ratio() - theta * (s.meanC() - covariateMean);
        double varianceOfMean = (varY - 2 * theta * covYC + theta * theta * varC) / n;
        return new VariantEstimate(s.n(), s.ratio(), mean, varianceOfMean, varY / n, (varY - theta * covYC) / n);
    }

    /** The fraction of variance CUPED keeps when θ is the within-variant optimum: 1 − ρ². */
    public double expectedVarianceRatio() {
        return 1 - correlation * correlation;
    }
}
