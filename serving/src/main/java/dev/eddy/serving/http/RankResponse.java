package dev.eddy.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The answer of {@code POST /v1/rank}. {@code probability} is what the policy gave each shown item in its slot
 * (logged in the decision for off-policy learning and evaluation).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RankResponse(String eventId, String policy, Long modelVersion, String retrievalModel,
                           Long retrievalVersion, String experimentId, String variant, List<Item> items) {

    public record Item(String id, double score, double probability) {}
}
