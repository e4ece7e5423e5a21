package dev.eddy.bandits.mdp.ftrl;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LogBarrierFtrlTest {

    /** Random cumulative losses at several scales, offsets and spreads, as the estimator can produce them. */
    private static double[] randomLosses(SplittableRandom r, int actions) {
        double offset = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1e6;
            case 2 -> -1e3 * r.nextDouble();
            default -> 1e3 * r.nextDouble();
        };
        double spread = Math.pow(10, r.nextInt(-3, 7));
        double[] l = new double[actions];
        for (int a = 0; a < actions; a++) l[a] = offset + spread * r.nextGaussian();
        return l;
    }

    private static double randomEta(SplittableRandom r) {
        return Math.pow(10, r.nextInt(-3, 3)) * r.nextDouble(0.1, 1.0);
    }

    private static void assertKkt(double[] l, int actions, double eta, double[] p) {
        double sum = 0;
        double scale = 1;
        for (int a = 0; a < actions; a++) {
            assertThat(p[a]).isGreaterThan(0.0);
            sum += p[a];
            scale = Math.max(scale, Math.max(Math.abs(eta * l[a]), 1.0 / p[a]));
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
        // Stationarity: η L_a − 1/p_a = −λ for every action, with one λ.
        double minusLambda = eta * l[0] - 1.0 / p[0];
        for (int a = 1; a < actions; a++) {
            assertThat(eta * l[a] - 1.0 / p[a]).as("action %d", a).isCloseTo(minusLambda, within(1e-9 * scale));
        }
        double minL = Arrays.stream(l, 0, actions).min().orElseThrow();
        double lambda = -minusLambda;
        // The bracket documented on the solver, with slack for rounding at the scale of η·min L.
        double slack = 1e-9 * scale;
        assertThat(lambda).isBetween(1 - eta * minL - slack, actions - eta * minL + slack);
    }

    @Test
    void satisfiesKktOnRandomInputs() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 2000; trial++) {
            int actions = r.nextInt(1, 200);
            double[] l = randomLosses(r, actions);
            double eta = randomEta(r);
            double[] p = new double[actions];
            LogBarrierFtrl.solve(l, actions, eta, p);
            assertKkt(l, actions, eta, p);
        }
    }

    @Test
    void satisfiesKktWithVeryNegativeLossesAndHugeSpreads() {
        SplittableRandom r = new SplittableRandom(12);
        for (int trial = 0; trial < 500; trial++) {
            int actions = r.nextInt(2, 100);
            double[] l = new double[actions];
            for (int a = 0; a < actions; a++) {
                // Mixes −1e6 outliers with ordinary losses: a spread of 1e6 or more.
                l[a] = r.nextInt(3) == 0 ? -1e6 * (1 + r.nextDouble()) : r.nextDouble();
            }
            double eta = randomEta(r);
            double[] p = new double[actions];
            LogBarrierFtrl.solve(l, actions, eta, p);
            assertKkt(l, actions, eta, p);
        }
        double[] l = {-1e6, 0, 1e6, 5};
        double[] p = new double[4];
        LogBarrierFtrl.solve(l, 4, 10.0, p);
        assertKkt(l, 4, 10.0, p);
    }

    @Test
    void matchesGenericConvexSolver() {
        SplittableRandom r = new SplittableRandom(13);
        for (int trial = 0; trial < 300; trial++) {
            int actions = r.nextInt(2, 30);
            double offset = r.nextBoolean() ? 0 : -1e6;
            double spread = Math.pow(10, r.nextInt(-2, 3));
            double[] l = new double[actions];
            for (int a = 0; a < actions; a++) l[a] = offset + spread * r.nextGaussian();
            double eta = r.nextDouble(0.01, 2.0);
            double[] p = new double[actions];
            LogBarrierFtrl.solve(l, actions, eta, p);
            double[] reference = ConstrainedNewton.minimise(l, eta);
            for (int a = 0; a < actions; a++) {
                assertThat(p[a]).as("trial %d action %d", trial, a).isCloseTo(reference[a], within(1e-8));
            }
            // Σ p = 1 makes the objective on L − offset differ by the constant η·offset; it avoids comparing
            // values near −1e6·η whose rounding alone exceeds the tolerance.
            double[] shifted = l.clone();
            for (int a = 0; a < actions; a++) shifted[a] -= offset;
            assertThat(objective(shifted, eta, p)).isLessThanOrEqualTo(objective(shifted, eta, reference) + 1e-9);
        }
    }

    @Test
    void noFeasiblePerturbationLowersTheObjective() {
        SplittableRandom r = new SplittableRandom(14);
        for (int trial = 0; trial < 100; trial++) {
            int actions = r.nextInt(2, 20);
            double[] l = randomLosses(r, actions);
            // Drop the offset so that the objective's value is not swamped by η⟨p, L⟩ at −1e6.
            double m = Arrays.stream(l).min().orElseThrow();
            for (int a = 0; a < actions; a++) l[a] -= m;
            double eta = randomEta(r);
            double[] p = new double[actions];
            LogBarrierFtrl.solve(l, actions, eta, p);
            double best = objective(l, eta, p);
            for (int k = 0; k < 50; k++) {
                int i = r.nextInt(actions);
                int j = (i + 1 + r.nextInt(actions - 1)) % actions;
                double t = 1e-3 * Math.min(p[i], p[j]) * (r.nextBoolean() ? 1 : -1);
                double[] q = p.clone();
                q[i] += t;
                q[j] -= t;
                assertThat(objective(l, eta, q)).isGreaterThanOrEqualTo(best - 1e-12 * Math.abs(best));
            }
        }
    }

    @Test
    void singleActionGetsProbabilityOne() {
        double[] p = {Double.NaN};
        LogBarrierFtrl.solve(new double[]{-1e6}, 1, 3.0, p);
        assertThat(p[0]).isEqualTo(1.0);
    }

    @Test
    void equalLossesGiveUniform() {
        for (double loss : new double[]{0, -1e6, 42}) {
            double[] l = new double[7];
            Arrays.fill(l, loss);
            double[] p = new double[7];
            LogBarrierFtrl.solve(l, 7, 0.5, p);
            for (double pa : p) assertThat(pa).isCloseTo(1.0 / 7, within(1e-15));
        }
        double[] p = new double[5];
        LogBarrierFtrl.solve(new double[]{1, 2, 3, 4, 5}, 5, 0.0, p);
        for (double pa : p) assertThat(pa).isCloseTo(0.2, within(1e-15));
    }

    @Test
    void lowerLossGetsHigherProbability() {
        SplittableRandom r = new SplittableRandom(15);
        for (int trial = 0; trial < 500; trial++) {
            int actions = r.nextInt(2, 50);
            double[] l = randomLosses(r, actions);
            double[] p = new double[actions];
            LogBarrierFtrl.solve(l, actions, randomEta(r), p);
            for (int a = 0; a < actions; a++) {
                for (int b = 0; b < actions; b++) {
                    if (l[a] < l[b]) assertThat(p[a]).isGreaterThanOrEqualTo(p[b]);
                }
            }
        }
    }

    @Test
    void readsOnlyTheFirstActionsEntries() {
        double[] l = {3, 1, 2, Double.NaN};
        double[] p = {0, 0, 0, -7};
        LogBarrierFtrl.solve(l, 3, 1.0, p);
        assertThat(p[3]).isEqualTo(-7);
        assertKkt(l, 3, 1.0, p);
    }

    @Test
    void policyUsesLinearCumulativeLosses() {
        SplittableRandom r = new SplittableRandom(16);
        int actions = 12;
        int d = 5;
        double[][] phi = new double[actions][d];
        double[] theta = new double[d];
        for (int i = 0; i < d; i++) theta[i] = 100 * r.nextGaussian();
        double[] l = new double[actions];
        for (int a = 0; a < actions; a++) {
            for (int i = 0; i < d; i++) {
                phi[a][i] = r.nextGaussian();
                l[a] += phi[a][i] * theta[i];
            }
        }
        double[] expected = new double[actions];
        LogBarrierFtrl.solve(l, actions, 0.3, expected);
        double[] p = new double[actions];
        new LogBarrierFtrl(4).policy(phi, actions, theta, 0.3, p);
        for (int a = 0; a < actions; a++) assertThat(p[a]).isCloseTo(expected[a], within(1e-15));
    }

    @Test
    void rejectsBadArguments() {
        double[] p = new double[2];
        assertThatThrownBy(() -> LogBarrierFtrl.solve(new double[]{0, 1}, 0, 1, p))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogBarrierFtrl.solve(new double[]{0, 1}, 2, -1, p))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogBarrierFtrl.solve(new double[]{0, 1}, 2, Double.NaN, p))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogBarrierFtrl.solve(new double[]{0, Double.NaN}, 2, 1, p))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogBarrierFtrl.solve(new double[]{0, 1, 2}, 3, 1, p))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double objective(double[] l, double eta, double[] p) {
        double v = 0;
        for (int a = 0; a < l.length; a++) v += eta * p[a] * l[a] - Math.log(p[a]);
        return v;
    }

    /**
     * A generic solver that knows nothing of the closed form: damped Newton for the equality-constrained problem
     * min F(p) = η⟨p, L⟩ − Σ ln p_a s.t. Σ p_a = 1 (Boyd and Vandenberghe, §10.2), started at the uniform point,
     * with backtracking that keeps p positive and decreases F. F is self-concordant, so this converges.
     */
    static final class ConstrainedNewton {
        static double[] minimise(double[] l, double eta) {
            int n = l.length;
            double[] p = new double[n];
            Arrays.fill(p, 1.0 / n);
            double[] g = new double[n];
            double[] dp = new double[n];
            for (int it = 0; it < 10_000; it++) {
                // Gradient ηL − 1/p, Hessian diag(1/p²); the step solves the KKT system with Σ dp = 0.
                double num = 0;
                double den = 0;
                for (int a = 0; a < n; a++) {
                    g[a] = eta * l[a] - 1.0 / p[a];
                    num += p[a] * p[a] * g[a];
                    den += p[a] * p[a];
                }
                double nu = num / den;
                double decrement = 0;
                for (int a = 0; a < n; a++) {
                    dp[a] = -p[a] * p[a] * (g[a] - nu);
                    decrement += dp[a] * dp[a] / (p[a] * p[a]);
                }
                if (decrement < 1e-30) break;
                double f0 = objective(l, eta, p);
                double slope = 0;
                for (int a = 0; a < n; a++) slope += g[a] * dp[a];
                double t = 1;
                double[] q = new double[n];
                while (true) {
                    boolean positive = true;
                    for (int a = 0; a < n; a++) {
                        q[a] = p[a] + t * dp[a];
                        if (q[a] <= 0) positive = false;
                    }
                    if (positive && objective(l, eta, q) <= f0 + 0.25 * t * slope) break;
                    t *= 0.5;
                    if (t < 1e-20) break;
                }
                if (t < 1e-20) break;
                p = q;
            }
            // Steps keep Σ dp = 0 only up to rounding of gradients near η·1e6; put the iterate back on the simplex.
            double sum = Arrays.stream(p).sum();
            for (int a = 0; a < n; a++) p[a] /= sum;
            return p;
        }
    }
}
