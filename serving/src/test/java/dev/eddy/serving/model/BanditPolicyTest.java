package dev.eddy.serving.model;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.neural.NeuCB;
import dev.eddy.bandits.slate.Slate;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.features.HashingConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

public class BanditPolicyTest {
    private static final HashingConfig HASHING = HashingConfig.ofBits(12).withCrosses("user:item");

    public static List<Candidate> candidates(int n) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Candidate("item-" + i, Map.of("item", Map.of("id=" + i, 1.0, "category=" + (i % 4), 1.0))));
        }
        return out;
    }

    public static Map<String, Map<String, Double>> context(int user) {
        return Map.of("user", Map.of("segment=" + (user % 3), 1.0));
    }

    /** A learner trained on a planted preference: segment s likes category s. */
    public static ContextualBandit trained(BanditModelSpec spec, int rounds) {
        ContextualBandit learner = spec.create();
        var encoder = spec.encoder();
        SplittableRandom r = new SplittableRandom(3);
        List<Candidate> cands = candidates(12);
        for (int t = 0; t < rounds; t++) {
            int user = r.nextInt(3);
            BanditRound round = encoder.encode(context(user), cands);
            var choice = learner.choose(round, r);
            double reward = choice.action() % 4 == user ? 1 : 0;
            learner.learn(round, choice.action(), choice.probability(), reward);
        }
        return learner;
    }

    private static BanditModelSpec spec(String learner) {
        return new BanditModelSpec(learner, Map.of(), HASHING, 12, 17);
    }

    @Test
    void aRestoredNeuCbVersionRanksLikeTheOriginalForTheSameSeed() {
        BanditModelSpec spec = spec("neufastcb");
        NeuCB original = (NeuCB) trained(spec, 400);
        BanditPolicy policy = BanditPolicy.restore(Published.bandit("recs", 5, spec, original, 400).version());
        BanditRound round = policy.round(context(1), candidates(12));

        Slate expected = original.chooseSlate(spec.encoder().encode(context(1), candidates(12)), 5, new SplittableRandom(99));
        Slate got = policy.rank(round, 5, new SplittableRandom(99));

        assertThat(got.actions()).containsExactly(expected.actions());
        assertThat(got.propensities()).containsExactly(expected.propensities());
        assertThat(got.distribution()).containsExactly(java.util.Arrays.copyOf(original.distribution(round), 12));
        assertThat(got.hasScores()).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(got.scores()[i]).isEqualTo(1 - original.predictLoss(round.actions().get(got.actions()[i])));
        }
        assertThat(policy.model()).isEqualTo("recs");
        assertThat(policy.version()).isEqualTo(5);
        assertThat(policy.updates()).isEqualTo(400);
        assertThat(policy.learner()).isEqualTo("neufastcb");
    }

    @Test
    void otherLearnersRankSlotOneWithChooseAndTheRestFromTheRenormalisedDistribution() {
        BanditModelSpec spec = spec("epsilon-greedy");
        ContextualBandit original = trained(spec, 300);
        BanditPolicy policy = BanditPolicy.restore(Published.bandit("eg", 1, spec, original, 300).version());
        BanditRound round = policy.round(context(2), candidates(12));

        var first = original.choose(round, new SplittableRandom(5));
        Slate got = policy.rank(round, 4, new SplittableRandom(5));

        assertThat(got.actions()[0]).isEqualTo(first.action());
        assertThat(got.propensities()[0]).isEqualTo(first.probability());
        assertThat(got.distribution()).containsExactly(first.distribution());
        assertThat(got.hasScores()).isFalse();
        double placed = first.distribution()[got.actions()[0]];
        for (int pos = 1; pos < 4; pos++) {
            double p = first.distribution()[got.actions()[pos]];
            if (placed < 1 - 1e-12) assertThat(got.propensities()[pos]).isCloseTo(p / (1 - placed), within(1e-9));
            placed += p;
        }
        assertThat(Set.of(got.actions()[0], got.actions()[1], got.actions()[2], got.actions()[3])).hasSize(4);
    }

    @Test
    void concurrentCallersGetValidSlatesAndTheSameAnswerPerSeed() throws Exception {
        BanditModelSpec spec = spec("neufastcb");
        BanditPolicy policy = BanditPolicy.restore(Published.bandit("recs", 1, spec, trained(spec, 300), 300).version());
        BanditRound round = policy.round(context(0), candidates(12));
        Slate reference = policy.rank(round, 6, new SplittableRandom(1234));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 4; task++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        BanditRound own = policy.round(context(0), candidates(12));
                        Slate r = policy.rank(own, 6, new SplittableRandom(1234));
                        if (!java.util.Arrays.equals(r.actions(), reference.actions())
                                || !java.util.Arrays.equals(r.propensities(), reference.propensities())) return false;
                        Set<Integer> distinct = new HashSet<>();
                        for (int a : r.actions()) distinct.add(a);
                        for (double p : r.propensities()) if (!(p > 0 && p <= 1)) return false;
                        if (distinct.size() != 6) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(policy.copies()).isBetween(1, 5);
    }

    @Test
    void badRequestsNameTheField() {
        BanditModelSpec spec = spec("neufastcb");
        BanditPolicy policy = BanditPolicy.restore(Published.bandit("recs", 1, spec, spec.create(), 0).version());
        BanditRound round = policy.round(null, candidates(3));
        assertThatThrownBy(() -> policy.rank(round, 4, new SplittableRandom(1))).hasMessageContaining("k must be in 1..3, was 4");
        assertThatThrownBy(() -> policy.round(context(0), List.of())).hasMessageContaining("candidates");
    }
}
