package dev.eddy.bandits.baseline;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.explore.GammaSchedule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** learn(..., weight): weight 1 is the plain update, weight w counts the example w times. */
class ImportanceWeightTest {
    private static final int DIM = 12;

    private record Outcome(BanditRound round, int action, double probability, double reward) {}

    private static List<Outcome> outcomes(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> {
            BanditRound r = BaselinesTest.randomRound(2 + rng.nextInt(4), DIM, rng);
            return new Outcome(r, rng.nextInt(r.size()), 0.1 + 0.9 * rng.nextDouble(), rng.nextDouble());
        }).toList();
    }

    @Test
    void weightOneIsThePlainUpdateBitForBit() {
        for (Supplier<ContextualBandit> s : BaselinesTest.learners(DIM)) {
            ContextualBandit plain = s.get();
            ContextualBandit weighted = s.get();
            assertThat(weighted.honoursWeight()).as(weighted.name()).isTrue();
            for (Outcome o : outcomes(300, 1)) {
                plain.learn(o.round, o.action, o.probability, o.reward);
                weighted.learn(o.round, o.action, o.probability, o.reward, 1.0);
            }
            assertThat(weighted.snapshot()).as(weighted.name()).isEqualTo(plain.snapshot());
        }
    }

    @Test
    void aWeightOnRidgeLearnersIsExactlyThatManyCopiesOfTheExample() {
        List<Outcome> data = outcomes(200, 2);
        SplittableRandom rng = new SplittableRandom(3);
        for (double w : new double[] {2, 3}) {
            LinUcb weighted = LinUcb.shared(DIM, 1.0, 0.5);
            LinUcb copies = LinUcb.shared(DIM, 1.0, 0.5);
            EpsilonGreedy weightedEg = new EpsilonGreedy(new EpsilonGreedy.Config(DIM, 0.2, 0.3, Regression.ridge(1.0)));
            EpsilonGreedy copiesEg = new EpsilonGreedy(new EpsilonGreedy.Config(DIM, 0.2, 0.3, Regression.ridge(1.0)));
            LinearSquareCb weightedSq = ridgeSquareCb();
            LinearSquareCb copiesSq = ridgeSquareCb();
            for (Outcome o : data) {
                weighted.learn(o.round, o.action, o.probability, o.reward, w);
                weightedEg.learn(o.round, o.action, o.probability, o.reward, w);
                weightedSq.learn(o.round, o.action, o.probability, o.reward, w);
                for (int k = 0; k < w; k++) {
                    copies.learn(o.round, o.action, o.probability, o.reward);
                    copiesEg.learn(o.round, o.action, o.probability, o.reward);
                    copiesSq.learn(o.round, o.action, o.probability, o.reward);
                }
            }
            double[] a = weighted.inverse(0);
            double[] b = copies.inverse(0);
            for (int i = 0; i < a.length; i++) assertThat(a[i]).isCloseTo(b[i], within(1e-12));
            for (int t = 0; t < 50; t++) {
                BanditRound r = BaselinesTest.randomRound(4, DIM, rng);
                double[] x = new double[4];
                double[] y = new double[4];
                weighted.upperBounds(r, x);
                copies.upperBounds(r, y);
                assertThat(x).containsExactly(y, within(1e-9));
                weightedEg.predict(r, x);
                copiesEg.predict(r, y);
                assertThat(x).containsExactly(y, within(1e-9));
                weightedSq.predictLoss(r, x);
                copiesSq.predictLoss(r, y);
                assertThat(x).containsExactly(y, within(1e-9));
            }
            // And it is not the same as learning each example once.
            LinUcb once = LinUcb.shared(DIM, 1.0, 0.5);
            for (Outcome o : data) once.learn(o.round, o.action, o.probability, o.reward);
            assertThat(once.inverse(0)[0]).isNotCloseTo(a[0], within(1e-6));
        }
    }

    @Test
    void onAdaGradAWeightOfTwoIsCloseToTheExampleLearnedTwiceOnceTheSumsAreWarm() {
        List<Outcome> warmup = outcomes(500, 4);
        List<Outcome> probe = outcomes(20, 5);
        for (Outcome o : probe) {
            EpsilonGreedy weighted = new EpsilonGreedy(new EpsilonGreedy.Config(DIM, 0.2, 0.3, Regression.adaGrad(0.05)));
            EpsilonGreedy twice = new EpsilonGreedy(new EpsilonGreedy.Config(DIM, 0.2, 0.3, Regression.adaGrad(0.05)));
            EpsilonGreedy once = new EpsilonGreedy(new EpsilonGreedy.Config(DIM, 0.2, 0.3, Regression.adaGrad(0.05)));
            for (Outcome w : warmup) {
                for (EpsilonGreedy l : List.of(weighted, twice, once)) l.learn(w.round, w.action, w.probability, w.reward);
            }
            double[] before = new double[o.round.size()];
            once.predict(o.round, before);
            weighted.learn(o.round, o.action, o.probability, o.reward, 2.0);
            twice.learn(o.round, o.action, o.probability, o.reward);
            twice.learn(o.round, o.action, o.probability, o.reward);
            once.learn(o.round, o.action, o.probability, o.reward);
            double[] w = new double[o.round.size()];
            double[] t = new double[o.round.size()];
            double[] s = new double[o.round.size()];
            weighted.predict(o.round, w);
            twice.predict(o.round, t);
            once.predict(o.round, s);
            double moveTwice = t[o.action] - before[o.action];
            double moveOnce = s[o.action] - before[o.action];
            assertThat(Math.abs(moveTwice)).isGreaterThan(1.5 * Math.abs(moveOnce));
            assertThat(w[o.action] - before[o.action]).isCloseTo(moveTwice, within(0.05 * Math.abs(moveTwice)));
        }
    }

    @Test
    void refusesWeightsThatAreNotPositiveAndFinite() {
        for (Supplier<ContextualBandit> s : BaselinesTest.learners(DIM)) {
            ContextualBandit l = s.get();
            Outcome o = outcomes(1, 6).get(0);
            for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
                assertThatThrownBy(() -> l.learn(o.round, o.action, o.probability, o.reward, bad))
                        .as("%s, weight %s", l.name(), bad).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    private static LinearSquareCb ridgeSquareCb() {
        return new LinearSquareCb(new LinearSquareCb.Config(DIM, Regression.ridge(1.0), GammaSchedule.vwDefault()));
    }
}
