package dev.eddy.serving.http;

import java.time.Instant;

/** The body of {@code POST /v1/events}: one implicit-feedback interaction (timestamp defaults to now). */
public record EventRequest(String eventId, String userId, String itemId, String type, Double value, Instant timestamp) {}
