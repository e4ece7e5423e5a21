package dev.eddy.jobs.replay;

import dev.eddy.bandits.slate.Slate;
import dev.eddy.bandits.eval.UnknownPolicyException;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.Reward;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReplayPoliciesTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static ReplayEvent event(int chosen, double p, List<Double> distribution, double reward, Integer slot,
                                     String... ids) {
        List<Candidate> candidates = java.util.Arrays.stream(ids).map(id -> new Candidate(id, Map.of())).toList();
        Decision d = Decision.builder().eventId("e").timestamp(T).policy("logger").context(Map.of()).candidates(candidates)
                .chosen(List.of(chosen)).probabilities(List.of(p)).distribution(distribution).build();
        List<Reward> rewards = List.of(new Reward("e", T, reward, slot, null, null));
        return ReplayEvent.of(new JoinedExample(d, rewards, reward, true, T));
    }

    @Test
    void specsParseToTheirKinds() {
        assertThat(ReplayPolicySpec.parse("uniform").kind()).isEqualTo(ReplayPolicySpec.Kind.UNIFORM);
        assertThat(ReplayPolicySpec.parse("popular").learns()).isTrue();
        ReplayPolicySpec learner = ReplayPolicySpec.parse("learner:neufastcb:lr=0.01,sigma=0");
        assertThat(learner.learner()).isEqualTo("neufastcb");
        assertThat(learner.params()).containsEntry("lr", "0.01").containsEntry("sigma", "0");
        assertThat(learner.learns()).isTrue();
        ReplayPolicySpec logged = ReplayPolicySpec.parse("logged:/data/bts/men.csv");
        assertThat(logged.file()).isEqualTo("/data/bts/men.csv");
        assertThat(logged.learns()).isFalse();
    }

    @Test
    void badSpecsAreRejectedNamingWhatIsWrong() {
        assertThatThrownBy(() -> ReplayPolicySpec.parse("greedy")).hasMessageContaining("unknown policy spec 'greedy'");
        assertThatThrownBy(() -> ReplayPolicySpec.parse("learner:nope")).isInstanceOf(UnknownPolicyException.class);
        assertThatThrownBy(() -> ReplayPolicySpec.parse("learner:neufastcb:lr")).hasMessageContaining("not KEY=VALUE");
        assertThatThrownBy(() -> ReplayPolicySpec.parse("learner:neufastcb:speed=3")).hasMessageContaining("speed");
        assertThatThrownBy(() -> ReplayPolicySpec.parse("snapshot:")).hasMessageContaining("names no file");
    }

    @Test
    void fixedPoliciesSplitIntoShardsAndLearnersKeepOneLane() {
        ReplaySettings s = new ReplaySettings(List.of(ReplayPolicySpec.parse("uniform"),
                ReplayPolicySpec.parse("popular")), 10, List.of(), 1, 4, LogFormat.EDDY);
        assertThat(java.util.stream.LongStream.range(0, 100).mapToInt(h -> s.lane(0, h)).distinct().count()).isEqualTo(4);
        assertThat(java.util.stream.LongStream.range(0, 100).mapToInt(h -> s.lane(1, h)).distinct().toArray())
                .containsExactly(4);
        assertThat(s.policyOfLane(7)).isEqualTo(1);
    }

    @Test
    void positionComesFromTheRewardSlot() {
        assertThat(event(0, 0.5, null, 1, 2, "a", "b").position()).isEqualTo(2);
        assertThat(event(0, 0.5, null, 1, null, "a", "b").position()).isZero();
    }

    @Test
    void loggingPolicyUsesTheLoggedDistributionOrSpreadsTheRest() {
        double[] full = LoggingReplayPolicy.distribution(event(1, 0.6, List.of(0.2, 0.6, 0.2), 1, null, "a", "b", "c"));
        assertThat(full).containsExactly(0.2, 0.6, 0.2);
        double[] spread = LoggingReplayPolicy.distribution(event(1, 0.6, null, 1, null, "a", "b", "c"));
        assertThat(spread[1]).isEqualTo(0.6);
        assertThat(spread[0]).isCloseTo(0.2, within(1e-12));
        assertThat(spread[2]).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void popularPicksTheMostRewardedItemAtThePositionAndSharesTies() {
        PopularReplayPolicy popular = new PopularReplayPolicy("popular");
        SplittableRandom rng = new SplittableRandom(1);
        Slate cold = popular.decide(event(0, 0.5, null, 0, 0, "a", "b"), rng);
        assertThat(cold.distribution()).containsExactly(0.5, 0.5);
        popular.learn(event(1, 0.5, null, 1, 0, "a", "b"));
        assertThat(popular.decide(event(0, 0.5, null, 0, 0, "a", "b"), rng).distribution()).containsExactly(0.0, 1.0);
        // Clicks at position 0 say nothing about position 1.
        assertThat(popular.decide(event(0, 0.5, null, 0, 1, "a", "b"), rng).distribution()).containsExactly(0.5, 0.5);
        // Items are matched by id, not by index.
        assertThat(popular.decide(event(0, 0.5, null, 0, 0, "b", "a"), rng).distribution()).containsExactly(1.0, 0.0);
    }

    @Test
    void drawsFollowTheDistribution() {
        double[] p = {0.1, 0.0, 0.9};
        SplittableRandom rng = new SplittableRandom(3);
        int[] counts = new int[3];
        for (int i = 0; i < 20_000; i++) counts[Distributions.draw(p, rng).actions()[0]]++;
        assertThat(counts[1]).isZero();
        assertThat(counts[0] / 20_000.0).isCloseTo(0.1, within(0.01));
    }
}
