package dev.eddy.bandits.slate;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.bandits.eval.Policies;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.features.HashingConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BanditSlatesTest {
    private static final HashingConfig HASHING = HashingConfig.ofBits(10).withCrosses("user:item");

    private static List<Candidate> candidates(int n) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Candidate("item-" + i, Map.of("item", Map.of("id=" + i, 1.0, "category=" + (i % 3), 1.0))));
        }
        return out;
    }

    private static Map<String, Map<String, Double>> context(int user) {
        return Map.of("user", Map.of("segment=" + (user % 3), 1.0));
    }

    private static ContextualBandit learner(String name) {
        return Policies.standard().create(name, HASHING.dimension(), 8, 5, Map.of());
    }

    /** Plays a planted problem (segment s likes category s) through the slate policy's own learning path. */
    private static void play(BanditSlates policy, int rounds) {
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < rounds; t++) {
            int user = r.nextInt(3);
            SlateRequest request = SlateRequest.of(context(user), candidates(8));
            Slate s = policy.rank(request, 1, r);
            int a = s.actions()[0];
            policy.learn(request, a, s.propensities()[0], a % 3 == user ? 1 : 0);
        }
    }

    @Test
    void learnersWithoutASlateOfTheirOwnTakeSlotOneFromChooseAndRenormaliseTheRest() {
        ContextualBandit learner = learner("epsilon-greedy");
        play(BanditSlates.learning(learner, new JointEncoder(HASHING)), 300);
        BanditRound round = new JointEncoder(HASHING).encode(context(2), candidates(8));

        // choose may move the learner on (epsilon-greedy counts its rounds): slot 1 is asked of a copy.
        ContextualBandit copy = learner("epsilon-greedy");
        copy.restore(learner.snapshot());
        Choice first = copy.choose(round, new SplittableRandom(5));
        Slate got = learner.chooseSlate(round, 4, new SplittableRandom(5));

        assertThat(got.actions()[0]).isEqualTo(first.action());
        assertThat(got.propensities()[0]).isEqualTo(first.probability());
        assertThat(got.distribution()).containsExactly(first.distribution());
        assertThat(got.hasScores()).isFalse();
        assertThat(got.actions()).doesNotHaveDuplicates();
        double placed = first.distribution()[got.actions()[0]];
        for (int pos = 1; pos < 4; pos++) {
            double p = first.distribution()[got.actions()[pos]];
            if (placed < 1 - 1e-12) assertThat(got.propensities()[pos]).isCloseTo(p / (1 - placed), within(1e-9));
            placed += p;
        }
    }

    @Test
    void slotScoresAreTheLearnersOrElseTheCandidatesMfScores() {
        double[] mf = {0.8, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7};
        SlateRequest request = new SlateRequest(context(1), candidates(8), mf, null);
        ContextualBandit neucb = learner("neufastcb");
        Slate own = BanditSlates.fixed("m", 1L, Lender.sole(neucb), Lender.sole(new JointEncoder(HASHING)))
                .rank(request, 3, new SplittableRandom(1));
        assertThat(own.scores()).containsExactly(neucb.chooseSlate(new JointEncoder(HASHING).encode(context(1), candidates(8)),
                3, new SplittableRandom(1)).scores());

        Slate borrowed = BanditSlates.fixed("m", 1L, Lender.sole(learner("uniform")), Lender.sole(new JointEncoder(HASHING)))
                .rank(request, 3, new SplittableRandom(1));
        for (int i = 0; i < 3; i++) assertThat(borrowed.scores()[i]).isEqualTo(mf[borrowed.actions()[i]]);
    }

    @Test
    void learningThroughTheSlatePolicyIsLearningTheLearnerDirectly() {
        ContextualBandit viaSlates = learner("squarecb-linear");
        ContextualBandit direct = learner("squarecb-linear");
        BanditSlates policy = BanditSlates.learning(viaSlates, new JointEncoder(HASHING));
        JointEncoder encoder = new JointEncoder(HASHING);
        SplittableRandom r = new SplittableRandom(9);
        for (int t = 0; t < 200; t++) {
            int user = r.nextInt(3);
            SlateRequest request = SlateRequest.of(context(user), candidates(8));
            int a = r.nextInt(8);
            double reward = a % 3 == user ? 1 : 0;
            policy.learn(request, a, 0.125, reward);
            direct.learn(encoder.encode(context(user), candidates(8)), a, 0.125, reward);
        }
        assertThat(policy.learns()).isTrue();
        assertThat(viaSlates.snapshot()).isEqualTo(direct.snapshot());
    }

    @Test
    void aPublishedVersionRanksButDoesNotLearn() {
        BanditSlates fixed = BanditSlates.fixed("recs", 7L, Lender.sole(learner("neufastcb")), Lender.sole(new JointEncoder(HASHING)));
        SlateRequest request = SlateRequest.of(context(0), candidates(8));
        assertThat(fixed.name()).isEqualTo("recs");
        assertThat(fixed.modelVersion()).isEqualTo(7L);
        assertThat(fixed.learns()).isFalse();
        assertThatThrownBy(() -> fixed.learn(request, 0, 1, 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> fixed.rank(request, 9, new SplittableRandom(1))).hasMessageContaining("k must be in 1..8, was 9");
    }
}
