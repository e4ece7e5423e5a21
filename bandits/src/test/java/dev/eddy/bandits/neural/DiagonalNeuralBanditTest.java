package dev.eddy.bandits.neural;

import dev.eddy.bandits.baseline.UniformRandom;
import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.events.features.SparseVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DiagonalNeuralBanditTest {

    private static NeuralUcbConfig config(NeuralUcbConfig.Exploration e, long seed) {
        return new NeuralUcbConfig("planted", e, 2, 32, 1.0, 0.1, 0.1, 1, 0, seed);
    }

    @ParameterizedTest
    @EnumSource(NeuralUcbConfig.Exploration.class)
    void learnsAPlantedLinearProblemWithRegretWellBelowUniform(NeuralUcbConfig.Exploration e) {
        PlantedProblem problem = new PlantedProblem(5, 10, 8, 1);
        int t = 2000;
        double[] regret = problem.run(new DiagonalNeuralBandit(config(e, 3), problem.encoder.dimension()), 2 * t, 5);
        double[] uniform = problem.run(new UniformRandom(), 2 * t, 5);
        // Uniform's regret grows linearly (the control); the learner's flattens and stays far below it.
        assertThat(uniform[2 * t - 1]).isGreaterThan(1.8 * uniform[t - 1]);
        assertThat(regret[2 * t - 1]).isLessThan(1.6 * regret[t - 1]);
        assertThat(regret[2 * t - 1]).isLessThan(0.3 * uniform[2 * t - 1]);
    }

    @ParameterizedTest
    @EnumSource(NeuralUcbConfig.Exploration.class)
    void sameSeedSameChoicesAndSameState(NeuralUcbConfig.Exploration e) {
        DiagonalNeuralBandit a = new DiagonalNeuralBandit(config(e, 9), 40);
        DiagonalNeuralBandit b = new DiagonalNeuralBandit(config(e, 9), 40);
        DiagonalNeuralBandit other = new DiagonalNeuralBandit(config(e, 10), 40);
        assertThat(play(a, 300)).isEqualTo(play(b, 300)).isNotEqualTo(play(other, 300));
        assertThat(a.snapshot()).isEqualTo(b.snapshot());
    }

    @Test
    void theWidthIsTheDiagonalFormOfTheGradientAndShrinksWhereTheLearnerHasLearned() {
        DiagonalNeuralBandit learner = new DiagonalNeuralBandit(config(NeuralUcbConfig.Exploration.UCB, 4), 40);
        BanditRound round = round(3, new SplittableRandom(1));
        SparseVector x = round.actions().get(0);
        Mlp net = new Mlp(40, new int[] {32, 32}, Mlp.Output.RAW, new SplittableRandom(4));
        float[] g = new float[net.size()];
        net.gradient(x, g);
        double squared = 0;
        for (float v : g) squared += (double) v * v;
        // U starts at λ = 1, so the width is ν·‖g‖ before anything is learned.
        assertThat(learner.width(x)).isCloseTo(0.1 * Math.sqrt(squared), within(1e-6 * Math.sqrt(squared)));

        // With a tiny step θ hardly moves, so the gradient stays put and only U grows.
        DiagonalNeuralBandit still = new DiagonalNeuralBandit(
                new NeuralUcbConfig("still", NeuralUcbConfig.Exploration.UCB, 2, 32, 1.0, 0.1, 1e-9, 1, 0, 4), 40);
        learner = still;
        double before = learner.width(x);
        double otherBefore = learner.width(round.actions().get(1));
        for (int i = 0; i < 50; i++) learner.learn(round, 0, 1, 1);
        assertThat(learner.width(x)).isLessThan(0.6 * before);
        // Another action's features share only the hidden layers' coordinates, so its width shrinks less.
        assertThat(learner.width(round.actions().get(1)) / otherBefore).isGreaterThan(learner.width(x) / before);
    }

    @Test
    void thompsonPropensitiesMatchTheFrequenciesOfTheDraws() {
        double[] m = {0.5, 0.45, 0.2, 0.52, -3};
        double[] s = {0.05, 0.1, 0.2, 0.0, 0.1};
        double[] p = new double[m.length];
        DiagonalNeuralBandit.thompsonDistribution(m, s, m.length, p);
        assertThat(Arrays.stream(p).sum()).isCloseTo(1, within(1e-12));
        int[] wins = new int[m.length];
        SplittableRandom rng = new SplittableRandom(7);
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            int best = 0;
            double top = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < m.length; a++) {
                double v = m[a] + s[a] * rng.nextGaussian();
                if (v > top) {
                    top = v;
                    best = a;
                }
            }
            wins[best]++;
        }
        for (int a = 0; a < m.length; a++) assertThat(p[a]).isCloseTo(wins[a] / (double) n, within(0.01));
        assertThat(p[4]).isZero();
    }

    @ParameterizedTest
    @EnumSource(NeuralUcbConfig.Exploration.class)
    void theChoiceCarriesItsDistribution(NeuralUcbConfig.Exploration e) {
        DiagonalNeuralBandit learner = new DiagonalNeuralBandit(config(e, 2), 40);
        SplittableRandom rng = new SplittableRandom(3);
        for (int r = 0; r < 200; r++) {
            BanditRound round = round(1 + rng.nextInt(4), rng);
            Choice c = learner.choose(round, rng);
            assertThat(Arrays.stream(c.distribution()).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(c.probability()).isEqualTo(c.distribution()[c.action()]).isPositive();
            learner.learn(round, c.action(), c.probability(), rng.nextInt(2));
        }
    }

    @Test
    void restoreGivesTheSameFutureAndRefusesAnotherConfiguration() {
        DiagonalNeuralBandit a = new DiagonalNeuralBandit(config(NeuralUcbConfig.Exploration.THOMPSON, 5), 40);
        play(a, 100);
        DiagonalNeuralBandit b = new DiagonalNeuralBandit(config(NeuralUcbConfig.Exploration.THOMPSON, 5), 40);
        b.restore(a.snapshot());
        assertThat(play(b, 100)).isEqualTo(play(a, 100));
        assertThat(b.snapshot()).isEqualTo(a.snapshot());
        DiagonalNeuralBandit ucb = new DiagonalNeuralBandit(config(NeuralUcbConfig.Exploration.UCB, 5), 40);
        assertThatThrownBy(() -> ucb.restore(a.snapshot())).hasMessageContaining("another configuration");
        assertThatThrownBy(() -> ucb.restore(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> play(ContextualBandit learner, int rounds) {
        SplittableRandom rng = new SplittableRandom(11);
        List<Integer> actions = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            BanditRound round = round(4, rng);
            Choice c = learner.choose(round, rng);
            actions.add(c.action());
            learner.learn(round, c.action(), c.probability(), c.action() == 2 ? 1 : 0);
        }
        return actions;
    }

    /** Actions with random sparse features in disjoint 10-dimensional blocks of a 40-dimensional input. */
    private static BanditRound round(int k, SplittableRandom rng) {
        List<SparseVector> actions = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            int[] idx = {10 * a, 10 * a + 1 + rng.nextInt(9)};
            float[] val = {1f, (float) rng.nextGaussian()};
            actions.add(new SparseVector(idx, val, 40));
        }
        return new BanditRound(actions);
    }
}
