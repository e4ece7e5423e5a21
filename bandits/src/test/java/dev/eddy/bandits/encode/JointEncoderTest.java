package dev.eddy.bandits.encode;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.neural.NeuCB;
import dev.eddy.bandits.neural.NeuCbConfig;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.features.HashingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class JointEncoderTest {

    private static final Map<String, Map<String, Double>> CONTEXT = Map.of("user", Map.of("segment=tech", 1.0));

    @Test
    void crossesTheContextWithEachActionsFeatures() {
        JointEncoder plain = new JointEncoder(HashingConfig.ofBits(16).withBias(false));
        JointEncoder crossed = new JointEncoder(HashingConfig.ofBits(16).withBias(false).withCrosses("user:item"));
        List<Candidate> cands = List.of(new Candidate("a", Map.of("item", Map.of("cat=shoes", 1.0, "price", 0.5))),
                new Candidate("b", Map.of("item", Map.of("cat=phones", 1.0))));
        BanditRound p = plain.encode(CONTEXT, cands);
        BanditRound x = crossed.encode(CONTEXT, cands);
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.actions().get(0).size()).isEqualTo(3);          // user + 2 item features
        assertThat(x.actions().get(0).size()).isEqualTo(3 + 2);      // + user x item
        assertThat(x.actions().get(1).size()).isEqualTo(2 + 1);
        assertThat(x.actions().get(0)).isNotEqualTo(x.actions().get(1));
        assertThat(x.dimension()).isEqualTo(1 << 16);
    }

    @Test
    void aNeuralLearnerLearnsFromHashedRounds() {
        // The crossed feature is what tells the actions apart per segment: each segment has its own best item.
        JointEncoder enc = new JointEncoder(HashingConfig.ofBits(12).withCrosses("user:item"));
        // σ = 0: the perturbation costs O(parameters) per round, large for a 4096-dim hashed input layer.
        NeuCB learner = new NeuCB(NeuCbConfig.fastCbDefaults(5).withSigma(0), enc.dimension());
        SplittableRandom rng = new SplittableRandom(9);
        String[] segments = {"a", "b", "c"};
        List<Candidate> cands = List.of(Candidate.of("x"), Candidate.of("y"), Candidate.of("z")).stream()
                .map(c -> new Candidate(c.id(), Map.of("item", Map.of("id=" + c.id(), 1.0)))).toList();
        int lateHits = 0;
        for (int t = 0; t < 4000; t++) {
            int s = rng.nextInt(3);
            BanditRound round = enc.encode(Map.of("user", Map.of("segment=" + segments[s], 1.0)), cands);
            var choice = learner.choose(round, rng);
            double reward = choice.action() == s ? 1.0 : 0.0;
            learner.learn(round, choice.action(), choice.probability(), reward);
            if (t >= 3000) lateHits += (int) reward;
        }
        // Uniform play hits 1/3 of the time; a learner that uses the crosses does much better.
        assertThat(lateHits / 1000.0).isGreaterThan(0.7);
    }
}
