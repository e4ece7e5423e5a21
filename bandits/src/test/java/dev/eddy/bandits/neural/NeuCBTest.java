package dev.eddy.bandits.neural;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.explore.GammaSchedule;
import dev.eddy.bandits.slate.Slate;
import dev.eddy.bandits.slate.SlateDraw;
import dev.eddy.events.features.SparseVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NeuCBTest {
    private static final int DIM = 30;

    @ParameterizedTest(name = "{0}, sigma={1}")
    @CsvSource({"SQUARED, 0", "SQUARED, 0.01", "KL, 0", "KL, 0.01"})
    void regretIsSublinearOnAPlantedLinearProblem(Loss loss, double sigma) {
        PlantedProblem problem = new PlantedProblem(5, 10, 8, 1);
        int t = 2000;
        NeuCbConfig config = new NeuCbConfig("planted", 2, 32, sigma, 0.1, false, 1, loss,
                GammaSchedule.vwDefault(), 0, 3);
        double[] regret = problem.run(new NeuCB(config, problem.encoder.dimension()), 2 * t, 5);
        assertThat(regret[2 * t - 1]).isLessThan(1.6 * regret[t - 1]);

        // The control: γ = 0 is uniform play, whose regret grows linearly, so the check above can fail.
        NeuCbConfig uniform = new NeuCbConfig("uniform", 2, 32, sigma, 0.1, false, 1, loss,
                new GammaSchedule(0, 0), 0, 3);
        double[] control = problem.run(new NeuCB(uniform, problem.encoder.dimension()), 2 * t, 5);
        assertThat(control[2 * t - 1]).isGreaterThan(1.8 * control[t - 1]);
        assertThat(regret[2 * t - 1]).isLessThan(0.5 * control[2 * t - 1]);
    }

    @Test
    void probabilitiesFormADistributionAndTheChoiceCarriesIt() {
        for (Loss loss : Loss.values()) {
            NeuCB learner = learner(loss, 0.01, 1);
            SplittableRandom rng = new SplittableRandom(2);
            for (int r = 0; r < 300; r++) {
                BanditRound round = round(1 + rng.nextInt(8), rng);
                Choice c = learner.choose(round, rng);
                assertThat(c.distribution()).hasSize(round.size());
                assertThat(Arrays.stream(c.distribution()).sum()).isCloseTo(1.0, within(1e-9));
                for (double p : c.distribution()) assertThat(p).isBetween(0.0, 1.0);
                assertThat(c.probability()).isEqualTo(c.distribution()[c.action()]);
                learner.learn(round, c.action(), c.probability(), rng.nextInt(2));
            }
        }
    }

    @Test
    void sameSeedSameChoices() {
        List<Integer> a = play(learner(Loss.KL, 0.01, 9), 400);
        List<Integer> b = play(learner(Loss.KL, 0.01, 9), 400);
        List<Integer> other = play(learner(Loss.KL, 0.01, 10), 400);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(other);
    }

    @ParameterizedTest
    @CsvSource({"SQUARED, 0", "KL, 0.01"})
    void restoreGivesTheSamePredictionsAndTheSameFuture(Loss loss, double sigma) {
        NeuCB trained = learner(loss, sigma, 4);
        play(trained, 200);
        byte[] snapshot = trained.snapshot();

        NeuCB restored = learner(loss, sigma, 4);
        restored.restore(snapshot);
        assertThat(restored.rounds()).isEqualTo(trained.rounds());
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < 50; i++) {
            SparseVector x = Vectors.random(DIM, 5, rng);
            assertThat(restored.predictLoss(x)).isEqualTo(trained.predictLoss(x));
        }
        // The perturbation stream is part of the state: both keep learning identically.
        assertThat(play(restored, 100)).isEqualTo(play(trained, 100));
        assertThat(restored.snapshot()).isEqualTo(trained.snapshot());
    }

    @Test
    void restoreRejectsOtherConfigurationsAndGarbage() {
        byte[] snapshot = learner(Loss.KL, 0.01, 4).snapshot();
        assertThatThrownBy(() -> learner(Loss.SQUARED, 0.01, 4).restore(snapshot))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("configuration");
        assertThatThrownBy(() -> learner(Loss.KL, 0.01, 4).restore(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] wrongVersion = snapshot.clone();
        wrongVersion[7] = 9;
        assertThatThrownBy(() -> learner(Loss.KL, 0.01, 4).restore(wrongVersion))
                .hasMessageContaining("version");
    }

    @Test
    void slatesHoldDistinctActionsWithConditionalPropensities() {
        NeuCB learner = learner(Loss.SQUARED, 0, 6);
        play(learner, 300);
        SplittableRandom rng = new SplittableRandom(12);
        BanditRound round = round(6, rng);
        double[] p = learner.distribution(round).clone();
        Slate slate = learner.chooseSlate(round, 4, rng);
        assertThat(slate.actions()).doesNotHaveDuplicates();
        double used = 0;
        for (int i = 0; i < slate.size(); i++) {
            int a = slate.actions()[i];
            assertThat(slate.propensities()[i]).isCloseTo(p[a] / (1 - used), within(1e-9));
            used += p[a];
        }
        assertThat(learner.chooseSlate(round, 6, rng).actions()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void slatesCarryTheDistributionAndEachSlotsScoreFromOnePass(Loss loss) {
        NeuCB learner = learner(loss, 0.01, 8);
        play(learner, 300);
        BanditRound round = round(40, new SplittableRandom(13));
        double[] dist = learner.distribution(round).clone();
        int[] actions = new int[7];
        double[] propensities = new double[7];
        SlateDraw.fill(Arrays.copyOf(dist, 40), actions, propensities, 0, new SplittableRandom(14));

        Slate got = learner.chooseSlate(round, 7, new SplittableRandom(14));

        assertThat(got.actions()).containsExactly(actions);
        assertThat(got.propensities()).containsExactly(propensities);
        assertThat(got.distribution()).containsExactly(Arrays.copyOf(dist, 40));
        for (int i = 0; i < 7; i++) {
            assertThat(got.scores()[i]).isEqualTo(1 - learner.predictLoss(round.actions().get(got.actions()[i])));
        }
    }

    @Test
    void factoriesPickTheLossAndItsExploration() {
        assertThat(NeuCB.squareCb(DIM, 1).config().loss()).isEqualTo(Loss.SQUARED);
        assertThat(NeuCB.squareCb(DIM, 1).name()).isEqualTo("neusquarecb");
        assertThat(NeuCB.fastCb(DIM, 1).config().loss()).isEqualTo(Loss.KL);
        assertThat(NeuCB.fastCb(DIM, 1).name()).isEqualTo("neufastcb");
    }

    @Test
    void anImportanceWeightScalesTheStepWeightOneIsThePlainUpdateAndTwoIsCloseToTheExampleLearnedTwice() {
        // σ = 0 and no decay: learning twice then differs from one doubled step only at second order in the step.
        NeuCbConfig config = new NeuCbConfig("test", 1, 16, 0.0, 0.01, false, 1, Loss.KL,
                GammaSchedule.vwDefault(), 0.0, 3);
        SplittableRandom rng = new SplittableRandom(9);
        NeuCB plain = new NeuCB(config, DIM);
        NeuCB one = new NeuCB(config, DIM);
        for (int t = 0; t < 200; t++) {
            BanditRound r = round(3, rng);
            int a = rng.nextInt(3);
            double reward = rng.nextDouble();
            plain.learn(r, a, 0.5, reward);
            one.learn(r, a, 0.5, reward, 1.0);
        }
        assertThat(one.snapshot()).isEqualTo(plain.snapshot());
        for (int probe = 0; probe < 10; probe++) {
            BanditRound r = round(3, rng);
            NeuCB weighted = new NeuCB(config, DIM);
            NeuCB twice = new NeuCB(config, DIM);
            weighted.restore(plain.snapshot());
            twice.restore(plain.snapshot());
            SparseVector x = r.actions().get(0);
            double before = plain.predictLoss(x);
            weighted.learn(r, 0, 0.5, 1.0, 2.0);
            twice.learn(r, 0, 0.5, 1.0);
            twice.learn(r, 0, 0.5, 1.0);
            NeuCB once = new NeuCB(config, DIM);
            once.restore(plain.snapshot());
            once.learn(r, 0, 0.5, 1.0);
            double moveTwice = twice.predictLoss(x) - before;
            assertThat(Math.abs(moveTwice)).isGreaterThan(1.5 * Math.abs(once.predictLoss(x) - before));
            assertThat(weighted.predictLoss(x) - before).isCloseTo(moveTwice, within(0.05 * Math.abs(moveTwice)));
        }
    }

    private static NeuCB learner(Loss loss, double sigma, long seed) {
        return new NeuCB(new NeuCbConfig("test", 2, 16, sigma, 0.05, true, 2, loss,
                GammaSchedule.vwDefault(), 1.0, seed), DIM);
    }

    private static BanditRound round(int k, SplittableRandom rng) {
        List<SparseVector> actions = new ArrayList<>();
        for (int a = 0; a < k; a++) actions.add(Vectors.random(DIM, 5, rng));
        return new BanditRound(actions);
    }

    private static List<Integer> play(NeuCB learner, int rounds) {
        SplittableRandom rng = new SplittableRandom(77);
        List<Integer> chosen = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            BanditRound round = round(4, rng);
            Choice c = learner.choose(round, rng);
            chosen.add(c.action());
            // Action 0 is always good: the learner's choices depend on what it learned.
            learner.learn(round, c.action(), c.probability(), c.action() == 0 ? 1 : rng.nextInt(2) * 0.3);
        }
        return chosen;
    }
}
