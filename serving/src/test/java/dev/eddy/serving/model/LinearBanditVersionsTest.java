package dev.eddy.serving.model;

import dev.eddy.bandits.baseline.LinearSquareCb;
import dev.eddy.bandits.baseline.Regression;
import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.explore.GammaSchedule;
import dev.eddy.events.features.HashingConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static dev.eddy.serving.model.BanditPolicyTest.candidates;
import static dev.eddy.serving.model.BanditPolicyTest.context;
import static dev.eddy.serving.model.BanditPolicyTest.trained;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linear learners' versions in serving: one trained on all-pairs interactions ({@code hashing.crosses = *:*})
 * encodes requests with them and ranks like the learner that was published; a version of {@code squarecb-linear}
 * at the earlier default (AdaGrad at 0.1, γ = 10·sqrt(t), what {@code eddy.models} already holds) still decodes.
 */
class LinearBanditVersionsTest {

    @Test
    void aVersionTrainedWithAllPairsInteractionsRanksLikeTheOriginal() {
        HashingConfig allPairs = HashingConfig.ofBits(12).withCrosses("*:*");
        BanditModelSpec spec = new BanditModelSpec("squarecb-linear", Map.of(), allPairs, 12, 17);
        ContextualBandit original = trained(spec, 300);
        BanditPolicy policy = BanditPolicy.restore(Published.bandit("lin", 1, spec, original, 300).version());
        BanditRound round = policy.round(context(1), candidates(12));
        // user × item crosses are there: more coordinates than the linear features and the bias.
        assertThat(round.actions().get(0).size()).isGreaterThan(1 + 2 + 1);
        assertThat(round.actions().get(0).indices())
                .isEqualTo(spec.encoder().encode(context(1), candidates(12)).actions().get(0).indices());
        assertThat(policy.rank(round, 4, new SplittableRandom(5)).distribution())
                .containsExactly(original.choose(round, new SplittableRandom(5)).distribution());
    }

    @Test
    void aVersionOfTheEarlierAdaGradDefaultStillDecodesAndRanksAsItWasTrained() {
        HashingConfig hashing = HashingConfig.ofBits(12).withCrosses("user:item");
        BanditModelSpec published = new BanditModelSpec("squarecb-linear", Map.of(), hashing, 12, 17);
        // Today's explicit AdaGrad learns byte for byte as the earlier default did (bandits' LegacyDefaultSnapshotTest).
        LinearSquareCb earlier = new LinearSquareCb(new LinearSquareCb.Config(hashing.dimension(),
                Regression.adaGrad(0.1), GammaSchedule.vwDefault()));
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 300; t++) {
            int user = r.nextInt(3);
            BanditRound round = published.encoder().encode(context(user), candidates(12));
            var choice = earlier.choose(round, r);
            earlier.learn(round, choice.action(), choice.probability(), choice.action() % 4 == user ? 1 : 0);
        }
        BanditPolicy policy = BanditPolicy.restore(Published.bandit("lin", 7, published, earlier, 300).version());
        BanditRound round = policy.round(context(2), candidates(12));
        assertThat(policy.rank(round, 4, new SplittableRandom(9)).distribution())
                .containsExactly(earlier.choose(round, new SplittableRandom(9)).distribution());
    }
}
