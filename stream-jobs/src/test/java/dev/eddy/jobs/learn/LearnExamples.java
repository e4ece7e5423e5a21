package dev.eddy.jobs.learn;

import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.bandits.eval.Policies;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.testing.TestEvents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded joined examples for the learner tests, and the pure-Java reference learner fed the same way. */
final class LearnExamples {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final double DEFAULT_REWARD = 0.3;

    private LearnExamples() {}

    /**
     * {@code n} examples of {@code policy} (variant {@code variant} when not null), 3 candidates with features, a
     * reward that depends on segment and item; every 7th is skipLearn, every 3rd unrewarded (the default reward),
     * every 11th has importance weight 2.
     */
    static List<JoinedExample> examples(String policy, String variant, int n, long seed) {
        Random r = new Random(seed);
        List<JoinedExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = policy + "-" + variant + "-" + i;
            Instant t = T0.plusMillis(i * 10L);
            int segment = r.nextInt(4);
            List<Candidate> candidates = new ArrayList<>();
            for (int a = 0; a < 3; a++) {
                candidates.add(new Candidate("item" + a, Map.of("item", Map.of("id=item" + a, 1.0, "price", 0.1 * (a + 1)))));
            }
            int chosen = r.nextInt(3);
            // Drawn in this order (user, then age): the seeded examples stay the same.
            Decision d = Decision.builder().eventId(id).timestamp(t).userId("u" + r.nextInt(50))
                    .experimentId(variant == null ? null : "exp").variant(variant).policy(policy)
                    .context(Map.of("user", Map.of("segment=" + segment, 1.0, "age", r.nextDouble())))
                    .candidates(candidates).chosen(List.of(chosen)).probabilities(List.of(0.2 + 0.1 * chosen))
                    .weight(i % 11 == 0 ? 2.0 : null).skipLearn(i % 7 == 3 ? true : null).build();
            boolean rewarded = i % 3 != 0;
            double value = (segment + chosen) % 3 == 0 ? 1.0 : r.nextDouble() * 0.4;
            out.add(rewarded
                    ? TestEvents.rewarded(d, value, Duration.ofMillis(5), Duration.ofSeconds(2))
                    : TestEvents.unrewarded(d, DEFAULT_REWARD, Duration.ofSeconds(2)));
        }
        return out;
    }

    /** The pure-Java learner trained on {@code examples} in order, with their weights, as the job is meant to train it. */
    static ContextualBandit reference(String learner, Map<String, String> params, HashingConfig hashing, long seed,
                                      List<JoinedExample> examples) {
        ContextualBandit b = Policies.standard().create(learner, hashing.dimension(), 3, seed, params);
        JointEncoder enc = new JointEncoder(hashing);
        for (JoinedExample e : examples) {
            Decision d = e.decision();
            if (d.skipLearn()) continue;
            b.learn(enc.encode(d), d.chosen().get(0), d.chosenProbability(), e.reward(), d.weight());
        }
        return b;
    }

    static long learnable(List<JoinedExample> examples) {
        return examples.stream().filter(e -> !e.decision().skipLearn()).count();
    }

    /**
     * {@code sessions} sessions of {@code steps} steps each for {@code policy}, session i starting at T0 + i·10 min,
     * steps a minute apart; 3 candidates; a reward that depends on the step and the action.
     */
    static List<List<JoinedExample>> sessions(String policy, int sessions, int steps, long seed) {
        Random r = new Random(seed);
        List<List<JoinedExample>> out = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            List<JoinedExample> session = new ArrayList<>();
            for (int h = 0; h < steps; h++) {
                String id = policy + "-s" + s + "-" + h;
                Instant t = T0.plus(Duration.ofMinutes(10L * s + h));
                List<Candidate> candidates = new ArrayList<>();
                for (int a = 0; a < 3; a++) candidates.add(new Candidate("item" + a, Map.of("item", Map.of("id=item" + a, 1.0))));
                int chosen = r.nextInt(3);
                Decision d = Decision.builder().eventId(id).timestamp(t).userId("u" + s).sessionId("session-" + s).step(h)
                        .policy(policy).context(Map.of("page", Map.of("step=" + h, 1.0))).candidates(candidates)
                        .chosen(List.of(chosen)).probabilities(List.of(1.0 / 3)).build();
                double value = chosen == h % 3 ? 1.0 : 0.2 * r.nextDouble();
                session.add(h % 4 == 3
                        ? TestEvents.unrewarded(d, DEFAULT_REWARD, Duration.ofSeconds(2))
                        : TestEvents.rewarded(d, value, Duration.ofMillis(5), Duration.ofSeconds(2)));
            }
            out.add(session);
        }
        return out;
    }

    /** The episode of a session computed by hand: dense hashed joint features, loss 1 − reward. */
    static dev.eddy.bandits.mdp.Episode episode(List<JoinedExample> session, HashingConfig hashing) {
        var hasher = new dev.eddy.events.features.FeatureHasher(hashing);
        int n = session.size();
        double[][][] phi = new double[n][][];
        int[] actions = new int[n];
        double[] p = new double[n];
        double[] loss = new double[n];
        for (int h = 0; h < n; h++) {
            Decision d = session.get(h).decision();
            phi[h] = new double[d.candidates().size()][];
            for (int a = 0; a < phi[h].length; a++) {
                float[] x = hasher.hashJoint(d.context(), d.candidates().get(a).features()).toDense();
                phi[h][a] = new double[x.length];
                for (int i = 0; i < x.length; i++) phi[h][a][i] = x[i];
            }
            actions[h] = d.chosen().get(0);
            p[h] = d.chosenProbability();
            loss[h] = 1 - session.get(h).reward();
        }
        return new dev.eddy.bandits.mdp.Episode(phi, actions, p, loss);
    }
}
