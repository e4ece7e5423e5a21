package dev.eddy.serving.http;

import java.time.Instant;

/** The body of {@code POST /v1/reward}: an outcome for a decision's eventId (timestamp defaults to now). */
public record RewardRequest(String eventId, Double value, Integer slot, String type, String rewardId, Instant timestamp) {}
