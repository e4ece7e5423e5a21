package dev.eddy.serving.http;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/rank}. Only {@code userId} and {@code k} are required; without candidates the
 * server retrieves them from the variant's embedding model.
 */
public record RankRequest(String userId, String sessionId, Integer step, Map<String, Map<String, Double>> context,
                          List<CandidateBody> candidates, Integer k, String experimentId) {

    public record CandidateBody(String id, Map<String, Map<String, Double>> features) {}
}
