package dev.eddy.tools.bench.load;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.events.event.Candidate;
import dev.eddy.jobs.retrain.ModelTables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A contextual-bandit learner trained briefly on synthetic rounds in the shape serving re-ranks: context
 * {@code {"user":{"segment=<c>":1}}}, candidates with {@code {"item":{"<itemId>":1},"mf":{"score":s}}} where s is the
 * synthetic embeddings' score, half of them from the user's cluster (as MF retrieval would bring) and half anywhere.
 * The learner chooses, and a click comes with probability 0.05 + 0.4 * max(0, s), so it has something to learn.
 */
public final class SyntheticBandit {
    private SyntheticBandit() {}

    /** The trained learner and how many updates it saw. */
    public record Trained(BanditModelSpec spec, ContextualBandit bandit, long updates, double meanReward) {}

    public static Trained train(BanditModelSpec spec, SyntheticPopulation p, ModelTables tables, int rounds,
                                int candidates, long seed) {
        if (candidates < 1) throw new IllegalArgumentException("candidates must be >= 1, was " + candidates);
        ContextualBandit bandit = spec.create();
        JointEncoder encoder = spec.encoder();
        SplittableRandom random = new SplittableRandom(seed);
        double rewards = 0;
        for (int t = 0; t < rounds; t++) {
            int user = random.nextInt(p.users());
            List<Candidate> cs = new ArrayList<>(candidates);
            double[] scores = new double[candidates];
            for (int j = 0; j < candidates; j++) {
                int item = j % 2 == 0 ? itemOfCluster(p, p.userCluster(user), random) : random.nextInt(p.items());
                scores[j] = SyntheticEmbeddings.score(tables, user, item);
                cs.add(candidate(p.itemId(item), scores[j]));
            }
            BanditRound round = encoder.encode(context(p, user), cs);
            Choice choice = bandit.choose(round, random);
            double click = random.nextDouble() < clickProbability(scores[choice.action()]) ? 1 : 0;
            bandit.learn(round, choice.action(), choice.probability(), click);
            rewards += click;
        }
        return new Trained(spec, bandit, rounds, rounds == 0 ? Double.NaN : rewards / rounds);
    }

    public static Map<String, Map<String, Double>> context(SyntheticPopulation p, int user) {
        return Map.of("user", Map.of(p.segmentFeature(user), 1.0));
    }

    public static Candidate candidate(String itemId, double mfScore) {
        return new Candidate(itemId, Map.of("item", Map.of(itemId, 1.0), "mf", Map.of("score", mfScore)));
    }

    static double clickProbability(double score) {
        return 0.05 + 0.4 * Math.min(1.5, Math.max(0, score));
    }

    private static int itemOfCluster(SyntheticPopulation p, int cluster, SplittableRandom random) {
        int perCluster = (p.items() - cluster + p.clusters() - 1) / p.clusters();
        if (perCluster <= 0) return random.nextInt(p.items());
        return cluster + p.clusters() * random.nextInt(perCluster);
    }
}
