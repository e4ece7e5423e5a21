package dev.eddy.bandits.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Simulated two-variant conversion experiments, to measure how often each decision rule rejects (the false-positive
 * rate when the true lift is 0, the power otherwise) and when, under continuous monitoring. Behind {@code eddy
 * ab-sim}.
 * <p>
 * Each run assigns {@code users} users one at a time, to treatment with probability {@code treatmentShare} (0.5: the
 * configured 50/50 split; anything else is a sample-ratio mismatch), each converting with probability
 * {@code baseRate} in control and {@code baseRate·(1 + lift)} in treatment. Every {@code peekEvery} users (and at the
 * last user) it compares the arms from their sufficient statistics, as {@link MetricAnalysis} does (tests on the
 * difference, the Bayesian read-out on the lift), and each rule rejects at its first look that crosses its
 * threshold:
 * <ul>
 *   <li>{@code naive-peeking}: the fixed-horizon Welch p-value &lt; α;</li>
 *   <li>{@code msprt}: the mSPRT's always-valid p-value &lt; α (τ as a lift, {@link Msprt#forLift} of the pooled
 *       rate);</li>
 *   <li>{@code confidence-sequence}: the asymptotic confidence sequence excludes 0 (its p-value &lt; α);</li>
 *   <li>{@code bayesian}: the chance to beat control &gt; 1 − α or &lt; α (flat prior) — a common rule, but not an
 *       error-controlling test;</li>
 *   <li>{@code srm}: the sequential sample-ratio test's p-value &lt; {@link SampleRatio#ALERT_LEVEL} against the
 *       configured 50/50 weights.</li>
 * </ul>
 * Seeded and deterministic: run i draws from the i-th split of one SplittableRandom.
 */
public final class AbSimulation {

    public static final List<String> METHODS = List.of("naive-peeking", "msprt", "confidence-sequence", "bayesian", "srm");

    private static final int NAIVE = 0;
    private static final int MSPRT = 1;
    private static final int SEQUENCE = 2;
    private static final int BAYES = 3;
    private static final int SRM = 4;

    private AbSimulation() {
    }

    /**
     * What to simulate.
     *
     * @param runs           experiments
     * @param lift           the true relative lift of treatment (0: an A/A test)
     * @param baseRate       control's conversion probability
     * @param users          users per experiment
     * @param peekEvery      users between looks
     * @param seed           the seed of the whole simulation
     * @param treatmentShare the probability that a user lands in treatment (the configured split is 50/50)
     * @param settings       α, the sequence's tuning N*, the mSPRT's τ (as a lift), the Bayesian prior
     */
    public record Config(int runs, double lift, double baseRate, long users, long peekEvery, long seed,
                         double treatmentShare, AnalysisSettings settings) {

        public Config {
            if (runs < 1) throw new IllegalArgumentException("runs must be >= 1, was " + runs);
            if (!(baseRate > 0 && baseRate < 1)) throw new IllegalArgumentException("base rate must be in (0, 1), was " + baseRate);
            double treated = baseRate * (1 + lift);
            if (!(treated >= 0 && treated <= 1)) {
                throw new IllegalArgumentException("base rate x (1 + lift) must be in [0, 1], was " + treated);
            }
            if (users < 2) throw new IllegalArgumentException("users must be >= 2, was " + users);
            if (peekEvery < 1) throw new IllegalArgumentException("peek-every must be >= 1, was " + peekEvery);
            if (!(treatmentShare > 0 && treatmentShare < 1)) {
                throw new IllegalArgumentException("treatment share must be in (0, 1), was " + treatmentShare);
            }
        }
    }

    /**
     * One rule over all runs.
     *
     * @param method     its name, one of {@link #METHODS}
     * @param runs       experiments simulated
     * @param rejections experiments in which it rejected at some look
     * @param meanStop   mean over runs of the users at the first rejecting look (all users when it never rejected)
     */
    public record MethodSummary(String method, int runs, int rejections, double meanStop) {

        public double rejectionRate() {
            return (double) rejections / runs;
        }

        /** The binomial standard error of the rejection rate. */
        public double standardError() {
            double p = rejectionRate();
            return Math.sqrt(p * (1 - p) / runs);
        }
    }

    /**
     * The whole simulation.
     *
     * @param methods              one summary per rule, in the order of {@link #METHODS}
     * @param chiSquaredAtEndAlarms runs whose user counts failed the fixed-horizon chi-squared SRM test at the end
     * @param looks                looks per run
     */
    public record Summary(List<MethodSummary> methods, int chiSquaredAtEndAlarms, long looks) {

        public MethodSummary method(String name) {
            return methods.stream().filter(m -> m.method().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no method " + name));
        }
    }

    /** Runs the simulation; {@code progress} hears the number of runs done after each. */
    public static Summary run(Config config, IntConsumer progress) {
        SplittableRandom root = new SplittableRandom(config.seed());
        int[] rejections = new int[METHODS.size()];
        double[] stopSums = new double[METHODS.size()];
        int chiSquaredAlarms = 0;
        for (int r = 0; r < config.runs(); r++) {
            Run run = new Run(config, root.split());
            run.simulate();
            for (int m = 0; m < METHODS.size(); m++) {
                if (run.stop[m] > 0) rejections[m]++;
                stopSums[m] += run.stop[m] > 0 ? run.stop[m] : config.users();
            }
            if (SampleRatio.chiSquaredPValue(new long[] {run.nC, run.nT}, new double[] {1, 1}) < SampleRatio.ALERT_LEVEL) {
                chiSquaredAlarms++;
            }
            progress.accept(r + 1);
        }
        List<MethodSummary> methods = new ArrayList<>();
        for (int m = 0; m < METHODS.size(); m++) {
            methods.add(new MethodSummary(METHODS.get(m), config.runs(), rejections[m], stopSums[m] / config.runs()));
        }
        long looks = (config.users() + config.peekEvery() - 1) / config.peekEvery();
        return new Summary(methods, chiSquaredAlarms, looks);
    }

    /** One experiment: the counts so far and each rule's state. */
    private static final class Run {
        private final Config config;
        private final SplittableRandom rng;
        private final double alpha;
        private final AsymptoticConfidenceSequence sequence;
        private final double tau;
        private final GaussianPrior prior;
        /** Users at each rule's first rejecting look, 0 while it has not rejected. */
        private final long[] stop = new long[METHODS.size()];
        private SequentialSampleRatioTest srm = SequentialSampleRatioTest.start(new double[] {0.5, 0.5});
        private int stopped;
        private long nC;
        private long sC;
        private long nT;
        private long sT;

        Run(Config config, SplittableRandom rng) {
            this.config = config;
            this.rng = rng;
            AnalysisSettings s = config.settings();
            this.alpha = s.alpha();
            this.sequence = new AsymptoticConfidenceSequence(s.alpha(), s.sequentialTuning());
            this.tau = s.msprtTau();
            this.prior = s.prior();
        }

        void simulate() {
            double pC = config.baseRate();
            double pT = config.baseRate() * (1 + config.lift());
            double share = config.treatmentShare();
            long users = config.users();
            long every = config.peekEvery();
            for (long u = 1; u <= users; u++) {
                if (rng.nextDouble() < share) {
                    nT++;
                    if (rng.nextDouble() < pT) sT++;
                } else {
                    nC++;
                    if (rng.nextDouble() < pC) sC++;
                }
                if (u % every == 0 || u == users) {
                    look(u);
                    if (stopped == METHODS.size()) {
                        // Every rule has decided; the counts at the end matter only to the chi-squared check.
                        finishCounts(u, share);
                        return;
                    }
                }
            }
        }

        /** Assigns the remaining users without looking (conversions no longer matter). */
        private void finishCounts(long done, double share) {
            for (long u = done + 1; u <= config.users(); u++) {
                if (rng.nextDouble() < share) nT++; else nC++;
            }
        }

        private void look(long users) {
            if (stop[SRM] == 0) {
                srm = srm.update(new long[] {nC, nT});
                if (srm.alert()) reject(SRM, users);
            }
            int liftRulesStopped = stopped - (stop[SRM] > 0 ? 1 : 0);
            if (liftRulesStopped == METHODS.size() - 1) return;
            VariantEstimate control = VariantEstimate.of(MetricStats.ofProportion(nC, sC));
            VariantEstimate treatment = VariantEstimate.of(MetricStats.ofProportion(nT, sT));
            // As MetricAnalysis: the tests on the difference, the Bayesian read-out on the lift.
            Effect difference = Effect.absolute(control, treatment);
            if (difference.defined()) {
                if (stop[NAIVE] == 0 && FixedHorizon.pValue(difference) < alpha) reject(NAIVE, users);
                if (stop[MSPRT] == 0) {
                    Msprt msprt = Msprt.forLift(tau, (double) (sC + sT) / (nC + nT));
                    if (msprt != null && msprt.pValue(difference) < alpha) reject(MSPRT, users);
                }
                if (stop[SEQUENCE] == 0 && sequence.pValue(difference) < alpha) reject(SEQUENCE, users);
            }
            if (stop[BAYES] == 0) {
                Effect lift = Effect.relative(control, treatment);
                double chance = lift.defined() ? Bayesian.chanceToWin(lift, prior) : 0.5;
                if (chance > 1 - alpha || chance < alpha) reject(BAYES, users);
            }
        }

        private void reject(int method, long users) {
            stop[method] = users;
            stopped++;
        }
    }
}
