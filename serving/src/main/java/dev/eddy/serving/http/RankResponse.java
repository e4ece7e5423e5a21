package dev.eddy.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The answer of {@code POST /v1/rank}. {@code probability} is what the policy gave each shown item in its slot
 * (logged in the decision for off-policy learning and evaluation). {@code experimentInactive} is set when the request
 * named an experiment that is not running now (draft, paused, stopped, before its start or after its end): every user
 * then gets the default variant, and the answer says why instead of looking like an ordinary split.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RankResponse(String eventId, String policy, Long modelVersion, String retrievalModel,
                           Long retrievalVersion, String experimentId, String variant, String experimentInactive,
                           List<Item> items) {

    public record Item(String id, double score, double probability) {}
}
