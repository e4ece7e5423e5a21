package dev.eddy.bandits.slate;

import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.features.FeatureHasher;
import dev.eddy.events.features.HashingConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SessionSlatesTest {
    private static final SessionModelSpec SPEC = new SessionModelSpec("ftrl-logbarrier", Map.of(), 3, 4,
            HashingConfig.ofBits(6), 100, 11);

    private static List<Candidate> candidates(int n) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Candidate("c" + i, Map.of("item", Map.of("id=" + i, 1.0))));
        return out;
    }

    private static SessionSlates slates(SessionPolicy policy) {
        return new SessionSlates("sessions", 4, SPEC, Lender.sole(policy), Lender.sole(new FeatureHasher(SPEC.hashing())));
    }

    @Test
    void slotOneIsDrawnFromThePolicysDistributionAtTheRequestsStep() {
        SessionPolicy policy = SPEC.create();
        SessionSlates slates = slates(policy);
        Map<String, Map<String, Double>> context = Map.of("user", Map.of("u=1", 1.0));
        Decision d = Decision.builder().eventId("e").timestamp(Instant.EPOCH).userId("u").sessionId("s").step(2)
                .policy("p").context(context).candidates(candidates(4)).chosen(List.of(0)).probabilities(List.of(1.0))
                .build();
        double[] expected = new double[4];
        policy.distribution(2, SPEC.features(d), expected);

        double[] mf = {0.4, 0.3, 0.2, 0.1};
        Slate s = slates.rank(new SlateRequest(context, candidates(4), mf, 2), 3, new SplittableRandom(3));

        assertThat(s.distribution()).containsExactly(expected);
        assertThat(s.propensities()[0]).isEqualTo(expected[s.actions()[0]]);
        double placed = expected[s.actions()[0]];
        for (int i = 1; i < 3; i++) {
            assertThat(s.propensities()[i]).isCloseTo(expected[s.actions()[i]] / (1 - placed), within(1e-9));
            placed += expected[s.actions()[i]];
        }
        for (int i = 0; i < 3; i++) assertThat(s.scores()[i]).isEqualTo(mf[s.actions()[i]]);
        assertThat(slates.name()).isEqualTo("sessions");
        assertThat(slates.modelVersion()).isEqualTo(4L);
    }

    @Test
    void stepsOutsideTheHorizonAndOtherCandidateCountsAreRefused() {
        SessionSlates slates = slates(SPEC.create());
        assertThatThrownBy(() -> slates.rank(new SlateRequest(Map.of(), candidates(4), null, 3), 1, new SplittableRandom(1)))
                .hasMessageContaining("step must be in 0..2, was 3");
        assertThatThrownBy(() -> slates.rank(SlateRequest.of(Map.of(), candidates(5)), 1, new SplittableRandom(1)))
                .hasMessageContaining("exactly 4 actions, got 5");
    }
}
