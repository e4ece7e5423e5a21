package dev.eddy.bandits.ope;

import java.util.List;

/**
 * What an estimator computed from a log, per slate, in a form that every interval method and the trace can reuse
 * without calling the estimator (or its reward model) again.
 * <p>
 * Every estimator here has the form value = Σ direct / Σ count + Σ weighted / Σ normalizer, the sums over slates.
 * Plain means (IPS, DR, ...) put their whole per-sample term in {@code direct} or in {@code weighted} with
 * normalizer = 1 per sample; self-normalised ones (SNIPS, SNDR, replay) put the weight in {@code normalizer}.
 * Because of this one form, resampling slates costs O(slates) per bootstrap draw, and a running estimate is four
 * running sums.
 */
public final class EstimatorTerms {

    /** How an estimator's terms relate to the rewards, which decides which intervals are valid for it. */
    public enum Form {
        /** value = mean of w·r with w ≥ 0 (IPS, IIPS, RIPS): with rewards in [0, 1] each term lies in [0, max w]. */
        WEIGHTED_MEAN,
        /** value = Σ w·r / Σ w with w ≥ 0 (SNIPS): a ratio of two such means. */
        SELF_NORMALIZED,
        /** anything else (DM, DR and its variants, replay): bootstrap only. */
        GENERAL
    }

    private final String estimator;
    private final Form form;
    final double[] direct;
    final double[] weighted;
    final double[] normalizer;
    final int[] count;
    final double[] appliedWeights;
    private final long samples;
    private final boolean rewardsInUnitInterval;
    private final boolean binaryRewards;
    private final long rewarded;
    private final long unrewarded;
    private final boolean directPart;

    private EstimatorTerms(Builder b) {
        this.estimator = b.estimator;
        this.form = b.form;
        this.direct = b.direct;
        this.weighted = b.weighted;
        this.normalizer = b.normalizer;
        this.count = b.count;
        this.appliedWeights = b.appliedWeights;
        this.samples = b.appliedWeights.length;
        this.rewardsInUnitInterval = b.rewardsInUnitInterval;
        this.binaryRewards = b.binaryRewards;
        this.rewarded = b.rewarded;
        this.unrewarded = b.unrewarded;
        this.directPart = b.directPart;
    }

    public String estimator() {
        return estimator;
    }

    public Form form() {
        return form;
    }

    /** Number of slates (resampling units). */
    public int units() {
        return count.length;
    }

    /** Number of samples (slots). */
    public long samples() {
        return samples;
    }

    public boolean rewardsInUnitInterval() {
        return rewardsInUnitInterval;
    }

    /** Whether every reward is 0 or 1 (clicks). */
    public boolean binaryRewards() {
        return binaryRewards;
    }

    /** Samples the estimator applied a positive weight to whose reward is above 0: the events its value rests on. */
    public long rewardedSamples() {
        return rewarded;
    }

    /** Samples with a positive applied weight whose reward is below 1 (the other side, for rewards near 1). */
    public long unrewardedSamples() {
        return unrewarded;
    }

    /**
     * Whether every applied weight is 0 or 1 (replay's kept/discarded, a deterministic target's IPS, the logger's
     * own IPS), to float32 rounding of the propensities: (1/3)/0.333333343 is 1 − 3·10⁻⁸.
     */
    boolean zeroOneWeights() {
        for (double w : appliedWeights) {
            if (w != 0 && Math.abs(w - 1) > Replay.UNIFORM_TOLERANCE) return false;
        }
        return true;
    }

    /** The point estimate; NaN when there are no samples or the normalizer sums to 0. */
    public double value() {
        double d = 0, w = 0, z = 0;
        long c = 0;
        for (int u = 0; u < count.length; u++) {
            d += direct[u];
            w += weighted[u];
            z += normalizer[u];
            c += count[u];
        }
        return combine(d, w, z, c);
    }

    /**
     * An empty ratio part (Σ normalizer = 0: no sample carries weight) is no information for SNIPS or replay (NaN),
     * but only a missing correction for SNDR, which then falls back to its direct part.
     */
    double combine(double direct, double weighted, double normalizer, long count) {
        if (count == 0) return Double.NaN;
        if (normalizer == 0) return directPart ? direct / count : Double.NaN;
        return direct / count + weighted / normalizer;
    }

    /** The estimate on a bootstrap draw: {@code times[u]} copies of slate u. */
    double value(int[] times) {
        double d = 0, w = 0, z = 0;
        long c = 0;
        for (int u = 0; u < count.length; u++) {
            int k = times[u];
            if (k == 0) continue;
            d += k * direct[u];
            w += k * weighted[u];
            z += k * normalizer[u];
            c += (long) k * count[u];
        }
        return combine(d, w, z, c);
    }

    /** (Σw)²/Σw² over the applied weights; n when they are all equal. */
    public double effectiveSampleSize() {
        double s = 0, s2 = 0;
        for (double w : appliedWeights) {
            s += w;
            s2 += w * w;
        }
        return s2 == 0 ? 0 : s * s / s2;
    }

    public double maxImportanceWeight() {
        double m = 0;
        for (double w : appliedWeights) m = Math.max(m, w);
        return m;
    }

    /** A copy of the weights the estimator applied, one per sample in list order (for histograms). */
    public double[] appliedWeights() {
        return appliedWeights.clone();
    }

    /** The estimate with an interval from {@code method}. */
    public Estimate toEstimate(IntervalMethod method) {
        IntervalMethod.Interval ci = method.interval(this);
        return new Estimate(estimator, value(), ci.lower(), ci.upper(), ci.method(), effectiveSampleSize(),
                maxImportanceWeight(), samples);
    }

    /** Collects per-sample terms into per-slate sums; estimators call {@link #add} once per sample. */
    public static final class Builder {
        private final String estimator;
        private final Form form;
        private final int[] unitOf;
        private final double[] direct;
        private final double[] weighted;
        private final double[] normalizer;
        private final int[] count;
        private final double[] appliedWeights;
        private boolean rewardsInUnitInterval = true;
        private boolean binaryRewards = true;
        private long rewarded;
        private long unrewarded;
        private boolean directPart;
        private final List<LoggedSample> samples;

        public Builder(String estimator, Form form, List<LoggedSample> samples) {
            this(estimator, form, samples, Slates.group(samples));
        }

        /** With the slates already grouped by {@link Slates#group}. */
        Builder(String estimator, Form form, List<LoggedSample> samples, List<int[]> slates) {
            this.estimator = estimator;
            this.form = form;
            this.samples = samples;
            this.unitOf = new int[samples.size()];
            for (int u = 0; u < slates.size(); u++) {
                for (int i : slates.get(u)) unitOf[i] = u;
            }
            this.direct = new double[slates.size()];
            this.weighted = new double[slates.size()];
            this.normalizer = new double[slates.size()];
            this.count = new int[slates.size()];
            this.appliedWeights = new double[samples.size()];
        }

        /**
         * Sample i contributes {@code direct} to the plain-mean part, {@code weighted}/{@code normalizer} to the
         * ratio part, and reports {@code appliedWeight} for the ESS and maximum-weight diagnostics.
         */
        public Builder add(int i, double direct, double weighted, double normalizer, double appliedWeight) {
            int u = unitOf[i];
            this.direct[u] += direct;
            this.weighted[u] += weighted;
            this.normalizer[u] += normalizer;
            this.count[u]++;
            this.appliedWeights[i] = appliedWeight;
            double r = samples.get(i).reward();
            if (r < 0 || r > 1) rewardsInUnitInterval = false;
            if (r != 0 && r != 1) binaryRewards = false;
            if (appliedWeight > 0 && r > 0) rewarded++;
            if (appliedWeight > 0 && r < 1) unrewarded++;
            return this;
        }

        /** Declares a model-based part (DM, DR family), which stays meaningful when no sample carries weight. */
        public Builder withDirectPart() {
            this.directPart = true;
            return this;
        }

        public EstimatorTerms build() {
            return new EstimatorTerms(this);
        }
    }
}
