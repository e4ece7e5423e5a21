package dev.eddy.bandits.mdp.env;

import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.SessionPolicy;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SyntheticEnvironmentsTest {

    private static final List<LongFunction<LatentLinearMdp>> ISSUE_ENVS = List.of(
            seed -> new StationaryLinearMdp(LatentLinearMdp.Config.of(seed)),
            seed -> new SwitchingMdp(LatentLinearMdp.Config.of(seed)),
            seed -> new AdaptiveAdversaryMdp(LatentLinearMdp.Config.of(seed)));

    /** Always the same action: the policy the adaptive adversary is built to punish. */
    private record FixedAction(int action) implements SessionPolicy {
        @Override
        public String name() {
            return "fixed-" + action;
        }

        @Override
        public void distribution(int step, double[][] features, double[] out) {
            Arrays.fill(out, 0, features.length, 0);
            out[action] = 1;
        }

        @Override
        public void learn(Episode episode) {}

        @Override
        public byte[] snapshot() {
            return new byte[0];
        }

        @Override
        public void restore(byte[] snapshot) {}
    }

    @Test
    void lossesAndExpectedLossesStayInTheUnitInterval() {
        for (LongFunction<LatentLinearMdp> make : ISSUE_ENVS) {
            for (SessionPolicy policy : List.of(new UniformSessionPolicy(), new FixedAction(3))) {
                LatentLinearMdp env = make.apply(7);
                SplittableRandom rng = new SplittableRandom(11);
                for (int k = 0; k < 400; k++) {
                    Episode e = EpisodeRunner.run(policy, env, k, rng);
                    for (double l : e.losses()) assertThat(l).isBetween(0.0, 1.0);
                    for (int h = 0; h < env.horizon(); h++) {
                        for (int s = 0; s < env.latentStates(); s++) {
                            for (int a = 0; a < env.actions(); a++) {
                                assertThat(env.expectedLoss(h, s, a)).isBetween(0.0, 1.0);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void featuresArePointsOfTheSimplexOfTheConfiguredShape() {
        LatentLinearMdp env = ISSUE_ENVS.get(0).apply(3);
        env.begin(0, new SplittableRandom(1));
        double[][] f = env.features();
        assertThat(f).hasNumberOfRows(10);
        for (double[] v : f) {
            assertThat(v).hasSize(16);
            for (double x : v) assertThat(x).isGreaterThanOrEqualTo(0.0);
            assertThat(Arrays.stream(v).sum()).isCloseTo(1.0, within(1e-12));
        }
    }

    /**
     * The linear-MDP property the session policies' estimators rely on: for a random stochastic policy and the loss
     * table of the current episode, Q^π_h(s, a) computed by backward induction is exactly ⟨φ(h, s, a), w_h⟩ for some
     * w_h (least squares over the S·A feature vectors of step h leaves no residual). With transitions drawn
     * independently of φ, as an earlier version had them, the residual is of the order of the losses.
     */
    @Test
    void qFunctionsOfEveryPolicyAreLinearInTheFeatures() {
        for (LongFunction<LatentLinearMdp> make : ISSUE_ENVS) {
            LatentLinearMdp env = make.apply(12);
            SplittableRandom rng = new SplittableRandom(5);
            for (int k = 0; k < 30; k++) EpisodeRunner.run(new FixedAction(k % 3), env, k, rng);
            int hs = env.horizon(), ss = env.latentStates(), as = env.actions(), d = env.dimension();
            double[][][] pi = new double[hs][ss][as];
            for (double[][] ph : pi) {
                for (double[] p : ph) {
                    double sum = 0;
                    for (int a = 0; a < as; a++) sum += (p[a] = rng.nextDouble());
                    for (int a = 0; a < as; a++) p[a] /= sum;
                }
            }
            double[] next = new double[ss];
            for (int h = hs - 1; h >= 0; h--) {
                double[][] q = new double[ss][as];
                double[] value = new double[ss];
                DMatrixRMaj x = new DMatrixRMaj(ss * as, d);
                DMatrixRMaj y = new DMatrixRMaj(ss * as, 1);
                for (int s = 0; s < ss; s++) {
                    for (int a = 0; a < as; a++) {
                        q[s][a] = env.expectedLoss(h, s, a);
                        if (h + 1 < hs) for (int t = 0; t < ss; t++) q[s][a] += env.transition(h, s, a, t) * next[t];
                        value[s] += pi[h][s][a] * q[s][a];
                        double[] phi = env.feature(h, s, a);
                        for (int i = 0; i < d; i++) x.set(s * as + a, i, phi[i]);
                        y.set(s * as + a, 0, q[s][a]);
                    }
                }
                DMatrixRMaj w = new DMatrixRMaj(d, 1);
                assertThat(CommonOps_DDRM.solve(x, y, w)).isTrue();
                DMatrixRMaj fit = new DMatrixRMaj(ss * as, 1);
                CommonOps_DDRM.mult(x, w, fit);
                for (int r = 0; r < ss * as; r++) {
                    assertThat(fit.get(r, 0)).as(env + " Q at step " + h + ", row " + r).isCloseTo(y.get(r, 0), within(1e-9));
                }
                next = value;
            }
        }
    }

    @Test
    void observedLossesAverageToTheExpectedLoss() {
        LatentLinearMdp env = new StationaryLinearMdp(new LatentLinearMdp.Config(1, 2, 4, 1, 1.0, 5));
        SplittableRandom rng = new SplittableRandom(9);
        double sum = 0;
        int n = 200_000;
        for (int k = 0; k < n; k++) {
            env.begin(k, rng);
            sum += env.step(1, rng);
        }
        assertThat(sum / n).isCloseTo(env.expectedLoss(0, 0, 1), within(2e-3));
    }

    @Test
    void episodesAreDeterministicGivenTheSeeds() {
        for (LongFunction<LatentLinearMdp> make : ISSUE_ENVS) {
            LatentLinearMdp a = make.apply(42);
            LatentLinearMdp b = make.apply(42);
            LatentLinearMdp other = make.apply(43);
            SplittableRandom ra = new SplittableRandom(5);
            SplittableRandom rb = new SplittableRandom(5);
            SplittableRandom ro = new SplittableRandom(5);
            boolean differs = false;
            for (int k = 0; k < 200; k++) {
                Episode ea = EpisodeRunner.run(new UniformSessionPolicy(), a, k, ra);
                Episode eb = EpisodeRunner.run(new UniformSessionPolicy(), b, k, rb);
                Episode eo = EpisodeRunner.run(new UniformSessionPolicy(), other, k, ro);
                assertThat(ea.actions()).isEqualTo(eb.actions());
                assertThat(ea.losses()).isEqualTo(eb.losses());
                assertThat(ea.probabilities()).isEqualTo(eb.probabilities());
                assertThat(ea.features()).isDeepEqualTo(eb.features());
                differs |= !Arrays.equals(ea.losses(), eo.losses());
            }
            assertThat(a.bestFixedPolicyLoss()).isEqualTo(b.bestFixedPolicyLoss());
            assertThat(differs).as("another seed gives another environment").isTrue();
        }
    }

    @Test
    void dynamicProgrammingComparatorMatchesBruteForceOverAllDeterministicPolicies() {
        List<LongFunction<LatentLinearMdp>> tiny = List.of(
                seed -> new StationaryLinearMdp(new LatentLinearMdp.Config(2, 2, 3, 2, 0.5, seed)),
                seed -> new SwitchingMdp(new LatentLinearMdp.Config(2, 2, 3, 2, 0.5, seed), 3),
                seed -> new AdaptiveAdversaryMdp(new LatentLinearMdp.Config(2, 2, 3, 2, 0.5, seed), 2, 0.8),
                seed -> new SwitchingMdp(new LatentLinearMdp.Config(3, 3, 4, 2, 0.5, seed), 2));
        for (LongFunction<LatentLinearMdp> make : tiny) {
            for (long seed = 0; seed < 5; seed++) {
                LatentLinearMdp env = make.apply(seed);
                SplittableRandom rng = new SplittableRandom(seed + 100);
                List<double[][][]> tables = new ArrayList<>();
                for (int k = 0; k < 40; k++) {
                    EpisodeRunner.run(new UniformSessionPolicy(), env, k, rng);
                    tables.add(table(env));
                }
                double brute = bruteForceBest(env, tables);
                assertThat(env.bestFixedPolicyLoss()).isCloseTo(brute, within(1e-9));
                assertThat(policyLoss(env, tables, env.bestFixedPolicy())).isCloseTo(brute, within(1e-9));
            }
        }
    }

    @Test
    void uniformPolicyRegretGrowsLinearly() {
        for (LongFunction<LatentLinearMdp> make : ISSUE_ENVS) {
            LatentLinearMdp env = make.apply(2024);
            SplittableRandom rng = new SplittableRandom(17);
            SessionPolicy uniform = new UniformSessionPolicy();
            int episodes = 2000;
            double total = 0;
            double regretHalf = 0;
            for (int k = 0; k < episodes; k++) {
                total += EpisodeRunner.run(uniform, env, k, rng).lossToGo(0);
                if (k + 1 == episodes / 2) regretHalf = total - env.bestFixedPolicyLoss();
            }
            double regret = total - env.bestFixedPolicyLoss();
            assertThat(regretHalf).as(env + " regret after K").isGreaterThan(0.05 * episodes / 2);
            assertThat(regret / regretHalf).as(env + " regret(2K) / regret(K)").isBetween(1.5, 2.5);
        }
    }

    @Test
    void switchingEnvironmentVisitsBothRegimes() {
        SwitchingMdp env = new SwitchingMdp(LatentLinearMdp.Config.of(8));
        SplittableRandom rng = new SplittableRandom(3);
        int[] seen = new int[2];
        int switches = 0;
        int previous = -1;
        for (int k = 0; k < 1000; k++) {
            EpisodeRunner.run(new UniformSessionPolicy(), env, k, rng);
            seen[env.regime()]++;
            if (previous >= 0 && previous != env.regime()) switches++;
            previous = env.regime();
        }
        assertThat(seen[0]).isPositive();
        assertThat(seen[1]).isPositive();
        assertThat(switches).as("about 10 switches at a mean dwell of 100").isBetween(3, 25);
    }

    @Test
    void regimesHaveDifferentLosses() {
        SwitchingMdp env = new SwitchingMdp(LatentLinearMdp.Config.of(8), 1);
        SplittableRandom rng = new SplittableRandom(3);
        EpisodeRunner.run(new UniformSessionPolicy(), env, 0, rng);
        double[][][] first = table(env);
        EpisodeRunner.run(new UniformSessionPolicy(), env, 1, rng); // a mean dwell of 1 switches every time
        assertThat(env.regime()).isEqualTo(1);
        assertThat(table(env)).isNotEqualTo(first);
    }

    @Test
    void adaptiveAdversaryRaisesTheLossOfTheMostPlayedAction() {
        AdaptiveAdversaryMdp env = new AdaptiveAdversaryMdp(LatentLinearMdp.Config.of(5), 20, 0.5);
        SplittableRandom rng = new SplittableRandom(1);
        EpisodeRunner.run(new FixedAction(0), env, 0, rng);
        assertThat(env.target()).isEqualTo(-1);
        double[][][] base = table(env);
        for (int k = 1; k < 50; k++) EpisodeRunner.run(new FixedAction(0), env, k, rng);
        assertThat(env.target()).isZero();
        double raisedTarget = 0;
        double[] raisedOther = new double[env.actions()];
        for (int h = 0; h < env.horizon(); h++) {
            for (int s = 0; s < env.latentStates(); s++) {
                assertThat(env.expectedLoss(h, s, 0)).isGreaterThan(base[h][s][0]).isLessThanOrEqualTo(1.0);
                raisedTarget += env.expectedLoss(h, s, 0) - base[h][s][0];
                for (int a = 1; a < env.actions(); a++) {
                    assertThat(env.expectedLoss(h, s, a)).isGreaterThanOrEqualTo(base[h][s][a]);
                    raisedOther[a] += env.expectedLoss(h, s, a) - base[h][s][a];
                }
            }
        }
        for (int a = 1; a < env.actions(); a++) assertThat(raisedTarget).as("action %d", a).isGreaterThan(raisedOther[a]);
        // After a window of playing action 4 instead, the adversary moves on to it.
        for (int k = 50; k < 80; k++) EpisodeRunner.run(new FixedAction(4), env, k, rng);
        assertThat(env.target()).isEqualTo(4);
        assertThat(env.expectedLoss(0, 0, 4)).isGreaterThan(base[0][0][4]);
    }

    @Test
    void episodesRunInOrderAndOneAtATime() {
        LatentLinearMdp env = ISSUE_ENVS.get(0).apply(1);
        SplittableRandom rng = new SplittableRandom(1);
        assertThatThrownBy(() -> env.begin(1, rng)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(env::features).isInstanceOf(IllegalStateException.class);
        env.begin(0, rng);
        assertThatThrownBy(() -> env.begin(1, rng)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> env.step(10, rng)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uniformPolicySnapshotRoundTrips() {
        UniformSessionPolicy p = new UniformSessionPolicy();
        double[] out = new double[4];
        p.distribution(0, new double[3][2], out);
        assertThat(out).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3, 0.0);
        p.restore(p.snapshot());
        assertThatThrownBy(() -> p.restore(new byte[] {1, 2, 3, 4, 0, 0, 0, 1})).isInstanceOf(IllegalArgumentException.class);
    }

    private static double[][][] table(LatentLinearMdp env) {
        double[][][] t = new double[env.horizon()][env.latentStates()][env.actions()];
        for (int h = 0; h < env.horizon(); h++) {
            for (int s = 0; s < env.latentStates(); s++) {
                for (int a = 0; a < env.actions(); a++) t[h][s][a] = env.expectedLoss(h, s, a);
            }
        }
        return t;
    }

    /** Every map (h, s) → a, each scored episode by episode on that episode's own table. */
    private static double bruteForceBest(LatentLinearMdp env, List<double[][][]> tables) {
        int cells = env.horizon() * env.latentStates();
        int count = (int) Math.pow(env.actions(), cells);
        double best = Double.POSITIVE_INFINITY;
        for (int code = 0; code < count; code++) {
            int[][] policy = new int[env.horizon()][env.latentStates()];
            int c = code;
            for (int h = 0; h < env.horizon(); h++) {
                for (int s = 0; s < env.latentStates(); s++) {
                    policy[h][s] = c % env.actions();
                    c /= env.actions();
                }
            }
            best = Math.min(best, policyLoss(env, tables, policy));
        }
        return best;
    }

    /** Σ_k E[loss of episode k] for a fixed policy, by forward propagation of the state distribution. */
    private static double policyLoss(LatentLinearMdp env, List<double[][][]> tables, int[][] policy) {
        double total = 0;
        for (double[][][] t : tables) {
            double[] mu = new double[env.latentStates()];
            for (int s = 0; s < mu.length; s++) mu[s] = env.initialProbability(s);
            for (int h = 0; h < env.horizon(); h++) {
                double[] next = new double[mu.length];
                for (int s = 0; s < mu.length; s++) {
                    int a = policy[h][s];
                    total += mu[s] * t[h][s][a];
                    if (h + 1 < env.horizon()) {
                        for (int n = 0; n < mu.length; n++) next[n] += mu[s] * env.transition(h, s, a, n);
                    }
                }
                mu = next;
            }
        }
        return total;
    }
}
