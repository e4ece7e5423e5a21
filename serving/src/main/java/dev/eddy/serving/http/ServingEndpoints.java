package dev.eddy.serving.http;

/**
 * What the HTTP layer calls; {@link ServingServer} does the transport (parsing, auth, limits, errors, metrics).
 * Implementations throw {@link BadRequestException} for client errors.
 */
public interface ServingEndpoints {

    RankResponse rank(RankRequest request);

    /** Logs the reward; the answer says whether it could be queued for Kafka. */
    Accepted reward(RewardRequest request);

    /** Logs the interaction; the answer says whether it could be queued for Kafka. */
    Accepted event(EventRequest request);

    /** The body of GET /v1/models. */
    Object models();

    /** The body of GET /v1/experiments. */
    Object experiments();

    /** Null when ready to serve, else why not. */
    String notReadyReason();

    record Accepted(String eventId, boolean logged) {}
}
