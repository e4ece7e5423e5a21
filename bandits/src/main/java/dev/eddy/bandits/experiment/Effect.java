package dev.eddy.bandits.experiment;

/**
 * A treatment's effect against control: a point estimate and its standard error (the normal approximation every
 * method here starts from), with Welch's degrees of freedom for a t reference and the pair's sample size for the
 * confidence sequence.
 *
 * @param scale             absolute difference or relative lift
 * @param estimate          the effect; NaN when it is not defined (see {@link #defined()})
 * @param standardError     its standard error
 * @param degreesOfFreedom  Welch–Satterthwaite degrees of freedom; +∞ for a normal reference
 * @param sampleSize        n_c + n_t
 */
public record Effect(Scale scale, double estimate, double standardError, double degreesOfFreedom, long sampleSize) {

    /**
     * The effect of {@code treatment} against {@code control}.
     * <ul>
     *   <li>Absolute: D = m_t − m_c, Var = Var(m_t) + Var(m_c).</li>
     *   <li>Relative: D/|u_c| with u_c the control's unadjusted metric (gbstats' definition, so that a lift keeps its
     *       sign when the baseline is negative); by the delta method
     *       Var = [Var(m_t) + Var(m_c)]/u_c² + D² Var(u_c)/u_c⁴ + 2D Cov(m_c, u_c)/u_c³, which without CUPED is
     *       Var(m_t)/u_c² + m_t² Var(m_c)/u_c⁴ (gbstats' variance_of_ratios). With CUPED gbstats approximates the
     *       derivative in u_c by −ȳ_t/u_c²; this is the exact −(u_c + D)/u_c² (a difference in the fifth digit of
     *       the standard error of gbstats' own example).</li>
     * </ul>
     * Degrees of freedom: Welch–Satterthwaite from the two variances of the means, (a + b)²/(a²/(n_t − 1) +
     * b²/(n_c − 1)), used for both scales as gbstats does.
     */
    public static Effect between(VariantEstimate control, VariantEstimate treatment, Scale scale) {
        double a = treatment.varianceOfMean();
        double b = control.varianceOfMean();
        long sampleSize = control.n() + treatment.n();
        if (control.n() < 2 || treatment.n() < 2) return undefined(scale, sampleSize);
        double dof = (a + b) * (a + b) / (a * a / (treatment.n() - 1) + b * b / (control.n() - 1));
        double d = treatment.mean() - control.mean();
        if (scale == Scale.ABSOLUTE) return new Effect(scale, d, Math.sqrt(a + b), dof, sampleSize);
        double u = control.unadjustedMean();
        if (u == 0) return undefined(scale, sampleSize);
        // Control's part, Var(m_c/u + D·u_c/u²) = g²V(u) − 2hg·k₁ + h²·k₂ with h = 1/u, g = h + D/u² = m_t/u²
        // (without CUPED), k₁ = V(u) − Cov and k₂ = V(m) − V(u) + 2k₁; without CUPED k₁ = k₂ = 0 exactly, so the
        // control's part is m_t²V(u_c)/u⁴ with no cancellation (a treatment mean of 0 gives exactly 0).
        double h = 1 / u;
        double g = h + d / (u * u);
        double vu = control.varianceOfUnadjusted();
        double k1 = vu - control.covariance();
        double k2 = control.varianceOfMean() - vu + 2 * k1;
        double variance = a * h * h + g * g * vu - 2 * h * g * k1 + h * h * k2;
        return new Effect(scale, d / Math.abs(u), Math.sqrt(Math.max(0, variance)), dof, sampleSize);
    }

    public static Effect absolute(VariantEstimate control, VariantEstimate treatment) {
        return between(control, treatment, Scale.ABSOLUTE);
    }

    public static Effect relative(VariantEstimate control, VariantEstimate treatment) {
        return between(control, treatment, Scale.RELATIVE);
    }

    private static Effect undefined(Scale scale, long sampleSize) {
        return new Effect(scale, Double.NaN, Double.NaN, Double.NaN, sampleSize);
    }

    /** Whether there is an estimate with a positive, finite standard error; the analyses report nothing otherwise. */
    public boolean defined() {
        return Double.isFinite(estimate) && standardError > 0 && Double.isFinite(standardError);
    }

    public double variance() {
        return standardError * standardError;
    }

    /** The same effect against a normal reference instead of Welch's t. */
    public Effect withNormalReference() {
        return new Effect(scale, estimate, standardError, Double.POSITIVE_INFINITY, sampleSize);
    }
}
