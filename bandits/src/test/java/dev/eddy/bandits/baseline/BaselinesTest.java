package dev.eddy.bandits.baseline;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.explore.GammaSchedule;
import dev.eddy.events.features.SparseVector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BaselinesTest {
    private static final int DIM = 20;

    static List<Supplier<ContextualBandit>> learners(int dimension) {
        return List.of(
                UniformRandom::new,
                () -> new EpsilonGreedy(new EpsilonGreedy.Config(dimension, 0.2, 0.3, Regression.adaGrad(0.5))),
                () -> new EpsilonGreedy(new EpsilonGreedy.Config(dimension, 0.2, 0.3, Regression.ridge(1.0))),
                () -> new EpsilonGreedy(EpsilonGreedy.Config.of(dimension)),
                () -> LinUcb.shared(dimension, 1.0, 0.5),
                () -> new LinearSquareCb(LinearSquareCb.Config.of(dimension)),
                () -> new LinearSquareCb(new LinearSquareCb.Config(dimension, Regression.adaGrad(0.1),
                        GammaSchedule.vwDefault())),
                () -> new LinearSquareCb(new LinearSquareCb.Config(dimension, Regression.ridge(1.0),
                        GammaSchedule.vwDefault())));
    }

    /** A round of k actions with a few random nonzeros each. */
    static BanditRound randomRound(int k, int dimension, SplittableRandom rng) {
        List<SparseVector> actions = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            int nnz = 1 + rng.nextInt(4);
            java.util.TreeSet<Integer> idx = new java.util.TreeSet<>();
            while (idx.size() < nnz) idx.add(rng.nextInt(dimension));
            int[] i = idx.stream().mapToInt(Integer::intValue).toArray();
            float[] v = new float[i.length];
            for (int j = 0; j < v.length; j++) v[j] = (float) (rng.nextDouble() * 2 - 1);
            actions.add(new SparseVector(i, v, dimension));
        }
        return new BanditRound(actions);
    }

    @Test
    void distributionsSumToOneAndLogTheChosenProbability() {
        for (Supplier<ContextualBandit> s : learners(DIM)) {
            ContextualBandit learner = s.get();
            SplittableRandom rng = new SplittableRandom(1);
            for (int t = 0; t < 500; t++) {
                BanditRound round = randomRound(1 + rng.nextInt(12), DIM, rng);
                Choice c = learner.choose(round, rng);
                assertThat(c.distribution()).hasSize(round.size());
                double sum = 0;
                for (double p : c.distribution()) {
                    assertThat(p).isBetween(0.0, 1.0);
                    sum += p;
                }
                assertThat(sum).as(learner.name()).isCloseTo(1.0, within(1e-9));
                assertThat(c.probability()).isEqualTo(c.distribution()[c.action()]).isPositive();
                learner.learn(round, c.action(), c.probability(), rng.nextDouble());
            }
        }
    }

    @Test
    void uniformGivesOneOverK() {
        Choice c = new UniformRandom().choose(randomRound(7, DIM, new SplittableRandom(2)), new SplittableRandom(3));
        assertThat(c.distribution()).containsOnly(1.0 / 7);
        assertThat(c.probability()).isEqualTo(1.0 / 7);
    }

    @Test
    void epsilonGreedyLoggedDistributionMatchesEmpiricalFrequencies() {
        EpsilonGreedy learner = new EpsilonGreedy(new EpsilonGreedy.Config(DIM, 0.3, 0, Regression.adaGrad(0.5)));
        SplittableRandom rng = new SplittableRandom(4);
        BanditRound round = randomRound(4, DIM, rng);
        for (int t = 0; t < 50; t++) learner.learn(round, 2, 1, 1);
        int n = 40_000;
        int[] counts = new int[4];
        double[] logged = null;
        for (int t = 0; t < n; t++) {
            Choice c = learner.choose(round, rng);
            counts[c.action()]++;
            logged = c.distribution();
        }
        assertThat(logged[2]).isCloseTo(0.3 / 4 + 0.7, within(1e-12));
        for (int a = 0; a < 4; a++) {
            if (a != 2) assertThat(logged[a]).isCloseTo(0.3 / 4, within(1e-12));
            // 4 standard errors of a binomial frequency at n = 40,000 are at most 0.01.
            assertThat(counts[a] / (double) n).isCloseTo(logged[a], within(0.01));
        }
    }

    @Test
    void epsilonGreedySplitsTheGreedyMassOverExactTies() {
        EpsilonGreedy learner = new EpsilonGreedy(new EpsilonGreedy.Config(DIM, 0.2, 0, Regression.adaGrad(0.5)));
        Choice c = learner.choose(randomRound(4, DIM, new SplittableRandom(5)), new SplittableRandom(6));
        assertThat(c.distribution()).containsOnly(0.25);
    }

    @Test
    void epsilonDecays() {
        EpsilonGreedy learner = new EpsilonGreedy(new EpsilonGreedy.Config(DIM, 1.0, 0.5, Regression.adaGrad(0.5)));
        assertThat(learner.epsilon(1)).isEqualTo(1.0);
        assertThat(learner.epsilon(100)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void shermanMorrisonInverseEqualsDirectInverse() {
        int d = 8;
        double lambda = 0.7;
        LinUcb learner = LinUcb.shared(d, lambda, 1.0);
        SplittableRandom rng = new SplittableRandom(7);
        double[][] a = new double[d][d];
        double[] b = new double[d];
        for (int i = 0; i < d; i++) a[i][i] = lambda;
        for (int t = 0; t < 40; t++) {
            BanditRound round = randomRound(3, d, rng);
            int action = rng.nextInt(3);
            double reward = rng.nextDouble();
            learner.learn(round, action, 1, reward);
            float[] x = round.actions().get(action).toDense();
            for (int i = 0; i < d; i++) {
                b[i] += reward * x[i];
                for (int j = 0; j < d; j++) a[i][j] += (double) x[i] * x[j];
            }
        }
        double[][] inv = gaussJordanInverse(a);
        double[] sm = learner.inverse(0);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) assertThat(sm[i * d + j]).isCloseTo(inv[i][j], within(1e-9));
        }
        // θ = A⁻¹ b, kept incrementally, must agree with the direct solution too.
        BanditRound probe = randomRound(5, d, rng);
        double[] predicted = new double[5];
        learner.predict(probe, predicted);
        for (int k = 0; k < 5; k++) {
            float[] x = probe.actions().get(k).toDense();
            double direct = 0;
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) direct += x[i] * inv[i][j] * b[j];
            assertThat(predicted[k]).isCloseTo(direct, within(1e-9));
        }
    }

    @Test
    void disjointLinUcbEqualsSharedLinUcbOnTheDisjointEncoding() {
        PlantedProblem problem = new PlantedProblem(8);
        LinUcb shared = LinUcb.shared(PlantedProblem.DIMENSION, 1.0, 0.7);
        LinUcb disjoint = LinUcb.disjoint(PlantedProblem.CONTEXT, PlantedProblem.K, 1.0, 0.7);
        double[] r1 = problem.run(shared, 300, 9);
        double[] r2 = problem.run(disjoint, 300, 9);
        assertThat(r2[299]).isCloseTo(r1[299], within(1e-9));
        assertThat(disjoint.snapshot().length).isLessThan(shared.snapshot().length / 2);
    }

    @Test
    void disjointLinUcbRejectsFeaturesOutsideTheActionsBlock() {
        LinUcb disjoint = LinUcb.disjoint(4, 2, 1.0, 1.0);
        BanditRound round = new BanditRound(List.of(
                new SparseVector(new int[]{5}, new float[]{1}, 8),
                new SparseVector(new int[]{6}, new float[]{1}, 8)));
        assertThatThrownBy(() -> disjoint.choose(round, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block");
    }

    @Test
    void linUcbIsOneHotOnceTrained() {
        LinUcb learner = LinUcb.shared(DIM, 1.0, 0.5);
        SplittableRandom rng = new SplittableRandom(10);
        for (int t = 0; t < 100; t++) {
            BanditRound round = randomRound(5, DIM, rng);
            Choice c = learner.choose(round, rng);
            learner.learn(round, c.action(), c.probability(), rng.nextDouble());
        }
        Choice c = learner.choose(randomRound(5, DIM, rng), rng);
        assertThat(c.probability()).isEqualTo(1.0);
        assertThat(c.distribution()).containsOnly(0.0, 1.0);
    }

    @Test
    void snapshotRestoreGivesTheSameChoices() {
        for (int i = 0; i < learners(DIM).size(); i++) {
            ContextualBandit original = learners(DIM).get(i).get();
            SplittableRandom rng = new SplittableRandom(11);
            play(original, rng, 300);
            byte[] bytes = original.snapshot();
            ContextualBandit copy = learners(DIM).get(i).get();
            copy.restore(bytes);
            assertThat(copy.snapshot()).isEqualTo(bytes);
            SplittableRandom r1 = new SplittableRandom(12);
            for (int t = 0; t < 200; t++) {
                BanditRound round = randomRound(1 + r1.nextInt(8), DIM, r1);
                Choice a = original.choose(round, new SplittableRandom(t));
                Choice b = copy.choose(round, new SplittableRandom(t));
                assertThat(b.action()).as(original.name()).isEqualTo(a.action());
                assertThat(b.distribution()).isEqualTo(a.distribution());
                double reward = (t % 3) / 2.0;
                original.learn(round, a.action(), a.probability(), reward);
                copy.learn(round, b.action(), b.probability(), reward);
            }
            assertThat(copy.snapshot()).isEqualTo(original.snapshot());
        }
    }

    @Test
    void disjointLinUcbSnapshotRestoreContinuesTheSameRun() {
        PlantedProblem problem = new PlantedProblem(17);
        LinUcb original = LinUcb.disjoint(PlantedProblem.CONTEXT, PlantedProblem.K, 1.0, 0.5);
        problem.run(original, 200, 18);
        LinUcb copy = LinUcb.disjoint(PlantedProblem.CONTEXT, PlantedProblem.K, 1.0, 0.5);
        copy.restore(original.snapshot());
        assertThat(problem.run(copy, 200, 19)).containsExactly(problem.run(original, 200, 19));
        assertThatThrownBy(() -> LinUcb.shared(PlantedProblem.DIMENSION, 1.0, 0.5).restore(copy.snapshot()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actions");
    }

    @Test
    void restoreRefusesOtherLearnersAndOtherConfigurations() {
        byte[] linucb = LinUcb.shared(DIM, 1.0, 0.5).snapshot();
        assertThatThrownBy(() -> LinUcb.shared(DIM, 1.0, 0.6).restore(linucb))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new EpsilonGreedy(EpsilonGreedy.Config.of(DIM)).restore(linucb))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic");
        byte[] truncated = java.util.Arrays.copyOf(linucb, linucb.length - 3);
        assertThatThrownBy(() -> LinUcb.shared(DIM, 1.0, 0.5).restore(truncated))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        byte[] squarecb = new LinearSquareCb(LinearSquareCb.Config.of(DIM)).snapshot();
        assertThatThrownBy(() -> new LinearSquareCb(new LinearSquareCb.Config(DIM,
                Regression.normalized(LinearSquareCb.DEFAULT_LEARNING_RATE), new GammaSchedule(20, 0.5)))
                .restore(squarecb)).hasMessageContaining("gamma");
    }

    @Test
    void sameSeedSameRun() {
        for (Supplier<ContextualBandit> s : learners(DIM)) {
            ContextualBandit a = s.get();
            ContextualBandit b = s.get();
            play(a, new SplittableRandom(13), 300);
            play(b, new SplittableRandom(13), 300);
            assertThat(b.snapshot()).as(a.name()).isEqualTo(a.snapshot());
            Choice ca = a.choose(randomRound(6, DIM, new SplittableRandom(14)), new SplittableRandom(15));
            Choice cb = b.choose(randomRound(6, DIM, new SplittableRandom(14)), new SplittableRandom(15));
            assertThat(cb.action()).isEqualTo(ca.action());
            assertThat(cb.distribution()).isEqualTo(ca.distribution());
        }
    }

    @Test
    void learnersOnlyLearnRewardsInTheUnitInterval() {
        ContextualBandit learner = LinUcb.shared(DIM, 1.0, 0.5);
        BanditRound round = randomRound(3, DIM, new SplittableRandom(16));
        assertThatThrownBy(() -> learner.learn(round, 0, 1, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> learner.learn(round, 3, 1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> learner.choose(randomRound(3, DIM + 1, new SplittableRandom(1)), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension");
    }

    @Test
    void learnDoesNotAllocateOnceWarm() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        SplittableRandom rng = new SplittableRandom(20);
        BanditRound[] rounds = new BanditRound[64];
        for (int i = 0; i < rounds.length; i++) rounds[i] = randomRound(6, DIM, rng);
        for (Supplier<ContextualBandit> s : learners(DIM)) {
            ContextualBandit learner = s.get();
            for (int t = 0; t < 5000; t++) learner.learn(rounds[t % 64], t % 6, 0.5, (t % 5) / 4.0);
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            for (int t = 0; t < 10_000; t++) learner.learn(rounds[t % 64], t % 6, 0.5, (t % 5) / 4.0);
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            // A few hundred bytes of slack for the counter itself; one allocation per call would be > 100 KB.
            assertThat(allocated).as(learner.name()).isLessThan(2_000);
        }
    }

    private static void play(ContextualBandit learner, SplittableRandom rng, int rounds) {
        for (int t = 0; t < rounds; t++) {
            BanditRound round = randomRound(1 + rng.nextInt(8), DIM, rng);
            Choice c = learner.choose(round, rng);
            learner.learn(round, c.action(), c.probability(), rng.nextDouble());
        }
    }

    /** Gauss–Jordan with partial pivoting: the direct inverse the Sherman–Morrison updates are checked against. */
    static double[][] gaussJordanInverse(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            double p = a[col][col];
            for (int j = 0; j < 2 * n; j++) a[col][j] /= p;
            for (int r = 0; r < n; r++) {
                if (r == col) continue;
                double f = a[r][col];
                if (f == 0) continue;
                for (int j = 0; j < 2 * n; j++) a[r][j] -= f * a[col][j];
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(a[i], n, inv[i], 0, n);
        return inv;
    }
}
