package dev.eddy.jobs.replay;

import dev.eddy.bandits.slate.Slate;
import dev.eddy.events.event.Candidate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Most popular so far: at each position, the candidate with the most reward in the log up to (not including) the
 * current event; ties, including the cold start, share the probability evenly. It learns as it replays.
 */
final class PopularReplayPolicy extends NamedReplayPolicy {
    private final Map<Integer, Map<String, Double>> rewardByPosition = new HashMap<>();

    PopularReplayPolicy(String name) {
        super(name, true);
    }

    @Override
    public Slate decide(ReplayEvent event, SplittableRandom rng) {
        Map<String, Double> totals = rewardByPosition.getOrDefault(event.position(), Map.of());
        List<Candidate> candidates = event.decision().candidates();
        double best = Double.NEGATIVE_INFINITY;
        int ties = 0;
        double[] score = new double[candidates.size()];
        for (int a = 0; a < score.length; a++) {
            score[a] = totals.getOrDefault(candidates.get(a).id(), 0.0);
            if (score[a] > best) {
                best = score[a];
                ties = 1;
            } else if (score[a] == best) {
                ties++;
            }
        }
        double[] p = new double[score.length];
        for (int a = 0; a < score.length; a++) p[a] = score[a] == best ? 1.0 / ties : 0;
        return Distributions.draw(p, rng);
    }

    @Override
    public void learn(ReplayEvent event) {
        String id = event.decision().candidates().get(event.loggedAction()).id();
        rewardByPosition.computeIfAbsent(event.position(), k -> new HashMap<>()).merge(id, event.reward(), Double::sum);
    }
}
