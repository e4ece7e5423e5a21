package dev.eddy.serving.http;

/**
 * What the HTTP layer calls; {@link ServingServer} does the transport (parsing, auth, limits, errors, metrics).
 * Implementations say why they cannot answer with the exceptions of {@code dev.eddy.serving.error} (and
 * {@code UnknownExperimentException}), which know nothing of HTTP: {@link ErrorResponses} maps them.
 */
public interface ServingEndpoints {

    RankResponse rank(RankRequest request);

    /**
     * As {@link #rank}, the decision made and encoded but not logged: the HTTP warm-up's own requests
     * ({@link WarmUpPass}), which must never reach the decisions topic.
     */
    RankResponse rankUnlogged(RankRequest request);

    /**
     * Whether {@link #rank}, {@link #reward} and {@link #event} may wait on something outside the process (Kafka's
     * acknowledgement, with durable logging). Requests that do not wait are answered on the thread that read them
     * ({@link InlinePostHandler}); those that may are handed to a pool thread, so that they never hold up the other
     * requests that thread reads.
     */
    boolean logMayWait();

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
