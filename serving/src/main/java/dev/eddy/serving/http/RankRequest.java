package dev.eddy.serving.http;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/rank}. Only {@code userId} and {@code k} are required; without candidates the
 * server retrieves them from the variant's embedding model. {@code context} and each candidate's {@code features}
 * are read in any of the forms of {@link dev.eddy.events.features.FeatureForms} and hold the canonical form.
 */
public record RankRequest(String userId, String sessionId, Integer step,
                          @JsonDeserialize(using = FeaturesDeserializer.class) Map<String, Map<String, Double>> context,
                          List<CandidateBody> candidates, Integer k, String experimentId) {

    public record CandidateBody(String id,
                                @JsonDeserialize(using = FeaturesDeserializer.class) Map<String, Map<String, Double>> features) {}
}
