package dev.eddy.bandits.baseline;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.explore.GammaSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;

import static dev.eddy.bandits.baseline.LegacyDefaultSnapshotWriter.CONTEXT;
import static dev.eddy.bandits.baseline.LegacyDefaultSnapshotWriter.K;
import static dev.eddy.bandits.baseline.LegacyDefaultSnapshotWriter.ROUNDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots of the linear learners at their defaults written by earlier code, when the defaults were AdaGrad at 0.1
 * (and VW's γ = 10·sqrt(t) for SquareCB), restore into today's default learners (the learner job's checkpoints and
 * the versions in {@code eddy.models} hold such bytes under the same learner name and parameters) and go on exactly
 * as a learner explicitly configured with that AdaGrad does.
 */
class LegacyDefaultSnapshotTest {
    private static final int DIM = CONTEXT * K;

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = LegacyDefaultSnapshotTest.class.getResourceAsStream("/snapshots/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"5f8613b"})
    void squareCbAtTheEarlierDefaultsGoesOnAsTheAdaGradItWas(String tag) throws IOException {
        byte[] old = fixture("squarecb-linear-" + tag + ".bin");
        LinearSquareCb explicit = new LinearSquareCb(
                new LinearSquareCb.Config(DIM, Regression.adaGrad(0.1), GammaSchedule.vwDefault()));
        LegacyDefaultSnapshotWriter.play(explicit, 0, ROUNDS);
        // Today's AdaGrad learns as that code did, byte for byte.
        assertThat(explicit.snapshot()).isEqualTo(old);

        LinearSquareCb restored = new LinearSquareCb(LinearSquareCb.Config.of(DIM));
        restored.restore(old);
        assertSameFuture(restored, explicit);
        // Its snapshots record AdaGrad, so another default learner (serving) restores them too.
        LinearSquareCb again = new LinearSquareCb(LinearSquareCb.Config.of(DIM));
        again.restore(restored.snapshot());
        assertThat(again.snapshot()).isEqualTo(restored.snapshot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5f8613b"})
    void epsilonGreedyAtTheEarlierDefaultsGoesOnAsTheAdaGradItWas(String tag) throws IOException {
        byte[] old = fixture("epsilon-greedy-" + tag + ".bin");
        EpsilonGreedy explicit = new EpsilonGreedy(new EpsilonGreedy.Config(DIM, 1.0, 0.5, Regression.adaGrad(0.1)));
        LegacyDefaultSnapshotWriter.play(explicit, 0, ROUNDS);
        assertThat(explicit.snapshot()).isEqualTo(old);

        EpsilonGreedy restored = new EpsilonGreedy(EpsilonGreedy.Config.of(DIM));
        restored.restore(old);
        assertSameFuture(restored, explicit);
    }

    @Test
    void otherConfigurationsStillRefuseEachOthersSnapshots() {
        LinearSquareCb normalized = new LinearSquareCb(LinearSquareCb.Config.of(DIM));
        LegacyDefaultSnapshotWriter.play(normalized, 0, 50);
        LinearSquareCb adaGrad = new LinearSquareCb(
                new LinearSquareCb.Config(DIM, Regression.adaGrad(0.1), GammaSchedule.vwDefault()));
        LinearSquareCb ridge = new LinearSquareCb(
                new LinearSquareCb.Config(DIM, Regression.ridge(1.0), GammaSchedule.vwDefault()));
        LegacyDefaultSnapshotWriter.play(ridge, 0, 50);
        LinearSquareCb otherRate = new LinearSquareCb(new LinearSquareCb.Config(DIM, Regression.normalized(1.0),
                new GammaSchedule(LinearSquareCb.DEFAULT_GAMMA_SCALE, 0.5)));
        LinearSquareCb otherGamma = new LinearSquareCb(new LinearSquareCb.Config(DIM,
                Regression.normalized(LinearSquareCb.DEFAULT_LEARNING_RATE), GammaSchedule.vwDefault()));
        byte[] before = adaGrad.snapshot();
        assertThatThrownBy(() -> adaGrad.restore(normalized.snapshot())).hasMessageContaining("NORMALIZED");
        assertThat(adaGrad.snapshot()).isEqualTo(before);
        assertThatThrownBy(() -> normalized.restore(ridge.snapshot())).hasMessageContaining("RIDGE");
        assertThatThrownBy(() -> otherRate.restore(normalized.snapshot())).hasMessageContaining("regression");
        assertThatThrownBy(() -> otherGamma.restore(normalized.snapshot())).hasMessageContaining("gamma");
    }

    private static void assertSameFuture(ContextualBandit restored, ContextualBandit explicit) {
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        SplittableRandom rounds = new SplittableRandom(8);
        for (int t = 0; t < 200; t++) {
            BanditRound r = LegacyDefaultSnapshotWriter.round(rounds);
            var ca = restored.choose(r, a);
            var cb = explicit.choose(r, b);
            assertThat(ca.distribution()).isEqualTo(cb.distribution());
            double reward = ca.action() == t % K ? 1 : 0;
            restored.learn(r, ca.action(), ca.probability(), reward);
            explicit.learn(r, cb.action(), cb.probability(), reward);
        }
        assertThat(restored.snapshot()).isEqualTo(explicit.snapshot());
    }
}
