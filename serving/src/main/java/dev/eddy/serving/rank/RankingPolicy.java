package dev.eddy.serving.rank;

import java.util.Map;
import java.util.SplittableRandom;

/** Orders a request's candidates into k slots. Implementations are thread-safe. */
public interface RankingPolicy {

    /** The name logged with every decision. */
    String name();

    Ranking rank(Map<String, Map<String, Double>> context, CandidateSet candidates, int k, SplittableRandom rng);
}
