package dev.eddy.bandits.ope;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Estimators against a simulated log whose target value is known exactly (see {@link SimulatedLog}). */
class SimulationTest {

    private static final double TRUTH = SimulatedLog.truth(SimulatedLog.TARGET);
    private static final int SEEDS = 300;
    private static final int N = 400;

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return s / (x.length - 1);
    }

    @Test
    void ipsAndDrAreUnbiasedAndAGoodModelMakesDrLessVariable() {
        double[] ips = new double[SEEDS], dr = new double[SEEDS], drBadModel = new double[SEEDS];
        double[] snips = new double[SEEDS], sndr = new double[SEEDS];
        for (int seed = 0; seed < SEEDS; seed++) {
            List<LoggedSample> log = SimulatedLog.log(N, seed, SimulatedLog.TARGET);
            CrossFittedModel model = new CrossFitting(5, seed).fit(log, new RidgeRewardModel(SimulatedLog.ONE_HOT, 1));
            ips[seed] = new Ips().terms(log).value();
            snips[seed] = new SelfNormalizedIps().terms(log).value();
            dr[seed] = DoublyRobust.standard(model).terms(log).value();
            sndr[seed] = DoublyRobust.selfNormalized(model).terms(log).value();
            // A useless constant model: DR stays unbiased through its weights (the "doubly" in doubly robust).
            drBadModel[seed] = DoublyRobust.standard((s, a) -> 0.5).terms(log).value();
        }
        assertUnbiased(ips, "ips");
        assertUnbiased(dr, "dr");
        assertUnbiased(drBadModel, "dr with a constant model");
        // Self-normalised estimators are biased at O(1/n); at n = 400 that is far below the Monte Carlo error.
        assertUnbiased(snips, "snips");
        assertUnbiased(sndr, "sndr");
        System.out.printf(java.util.Locale.ROOT, "truth %.4f; mean over %d seeds: ips %.4f dr %.4f snips %.4f sndr %.4f;"
                + " variance ips %.2e dr %.2e%n", TRUTH, SEEDS, mean(ips), mean(dr), mean(snips), mean(sndr),
                variance(ips), variance(dr));
        assertThat(variance(dr)).as("DR variance with a good model").isLessThan(0.5 * variance(ips));
    }

    private static void assertUnbiased(double[] estimates, String what) {
        double se = Math.sqrt(variance(estimates) / estimates.length);
        assertThat(mean(estimates)).as(what + " mean over seeds, se " + se).isCloseTo(TRUTH, within(4 * se));
    }

    @Test
    void aBiasedEstimatorIsCaughtByTheUnbiasednessCheck() {
        // Guards the check above: DM with a wrong model misses the truth by far more than 4 standard errors.
        double[] dm = new double[SEEDS / 3];
        for (int seed = 0; seed < dm.length; seed++) {
            dm[seed] = new DirectMethod((s, a) -> 0.5).terms(SimulatedLog.log(N, seed, SimulatedLog.TARGET)).value();
        }
        double se = Math.sqrt(variance(dm) / dm.length) + 1e-12;
        assertThat(Math.abs(mean(dm) - TRUTH)).isGreaterThan(4 * se);
    }

    @Test
    void theLoggingPolicyOnItsOwnLogIsItsObservedMean() {
        List<LoggedSample> log = SimulatedLog.log(2000, 11, SimulatedLog.LOGGER);
        double observed = log.stream().mapToDouble(LoggedSample::reward).average().orElseThrow();
        assertThat(new Ips().terms(log).value()).isCloseTo(observed, within(1e-12));
        assertThat(new SelfNormalizedIps().terms(log).value()).isCloseTo(observed, within(1e-12));
        assertThat(new Ips().terms(log).effectiveSampleSize()).isCloseTo(2000, within(1e-9));
        // And that mean is close to the logger's true value.
        assertThat(observed).isCloseTo(SimulatedLog.truth(SimulatedLog.LOGGER), within(4 * Math.sqrt(0.25 / 2000)));
    }

    @Test
    void intervalsCoverTheTruthAtAboutTheNominalRate() {
        int seeds = 300;
        int ipsBoot = 0, snipsBoot = 0, drBoot = 0, ipsBernstein = 0, snipsBernstein = 0, sequence = 0;
        double bernsteinWidth = 0, bootWidth = 0;
        IntervalMethod boot = IntervalMethod.bootstrap(300, 0.9, 5);
        IntervalMethod bernstein = IntervalMethod.empiricalBernstein(0.9);
        for (int seed = 0; seed < seeds; seed++) {
            List<LoggedSample> log = SimulatedLog.log(N, 1000 + seed, SimulatedLog.TARGET);
            CrossFittedModel model = new CrossFitting(5, seed).fit(log, new RidgeRewardModel(SimulatedLog.ONE_HOT, 1));
            EstimatorTerms ips = new Ips().terms(log);
            EstimatorTerms snips = new SelfNormalizedIps().terms(log);
            Estimate ipsB = ips.toEstimate(boot);
            Estimate ipsE = ips.toEstimate(bernstein);
            if (ipsB.covers(TRUTH)) ipsBoot++;
            if (snips.toEstimate(boot).covers(TRUTH)) snipsBoot++;
            if (DoublyRobust.standard(model).terms(log).toEstimate(boot).covers(TRUTH)) drBoot++;
            if (ipsE.covers(TRUTH)) ipsBernstein++;
            if (snips.toEstimate(bernstein).covers(TRUTH)) snipsBernstein++;
            bernsteinWidth += ipsE.upper() - ipsE.lower();
            bootWidth += ipsB.upper() - ipsB.lower();
            boolean always = true;
            for (OnlineEstimateTrace.Point p : OnlineEstimateTrace.of(ips, 50, 0.9)) {
                always &= p.lower() <= TRUTH && TRUTH <= p.upper();
            }
            if (always) sequence++;
        }
        System.out.printf(java.util.Locale.ROOT, "coverage of 90%% intervals over %d logs of %d: IPS bootstrap %.3f,"
                + " SNIPS bootstrap %.3f, DR bootstrap %.3f, IPS EB %.3f, SNIPS EB %.3f, IPS sequence (all points) %.3f;"
                + " mean width IPS bootstrap %.4f, EB %.4f%n", seeds, N, ipsBoot / (double) seeds,
                snipsBoot / (double) seeds, drBoot / (double) seeds, ipsBernstein / (double) seeds,
                snipsBernstein / (double) seeds, sequence / (double) seeds, bootWidth / seeds, bernsteinWidth / seeds);
        // 90 % intervals; with 300 runs the binomial sd of the coverage is 1.7 points.
        assertThat(ipsBoot / (double) seeds).as("IPS bootstrap coverage").isBetween(0.84, 0.96);
        assertThat(snipsBoot / (double) seeds).as("SNIPS bootstrap coverage").isBetween(0.84, 0.96);
        assertThat(drBoot / (double) seeds).as("DR bootstrap coverage").isBetween(0.84, 0.96);
        // Empirical Bernstein and the confidence sequence are conservative by construction.
        assertThat(ipsBernstein / (double) seeds).as("IPS empirical-Bernstein coverage").isGreaterThanOrEqualTo(0.9);
        assertThat(snipsBernstein / (double) seeds).as("SNIPS empirical-Bernstein coverage")
                .isGreaterThanOrEqualTo(0.9);
        assertThat(sequence / (double) seeds).as("confidence sequence, all 50 points").isGreaterThanOrEqualTo(0.9);
        // ... but not vacuous: wider than the bootstrap, yet well inside the trivial [0, max weight].
        assertThat(bernsteinWidth).isGreaterThan(bootWidth);
        assertThat(bernsteinWidth / seeds).isLessThan(1.0);
    }

    @Test
    void replayOnAUniformLogIsUnbiased() {
        double[][] uniform = new double[SimulatedLog.CONTEXTS][SimulatedLog.ACTIONS];
        for (double[] row : uniform) java.util.Arrays.fill(row, 0.25);
        double[] replay = new double[200];
        for (int seed = 0; seed < replay.length; seed++) {
            java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
            List<LoggedSample> log = new java.util.ArrayList<>();
            for (int i = 0; i < N; i++) {
                int x = rng.nextInt(SimulatedLog.CONTEXTS);
                int a = rng.nextInt(SimulatedLog.ACTIONS);
                double r = rng.nextDouble() < SimulatedLog.MEAN[x][a] ? 1 : 0;
                log.add(new LoggedSample(r, a, 0.25, SimulatedLog.TARGET[x], 0, x, LoggedSample.NO_SLATE));
            }
            replay[seed] = Replay.sampling(seed).terms(log).value();
        }
        assertUnbiased(replay, "replay");
    }
}
