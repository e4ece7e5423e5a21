package dev.eddy.serving.error;

import java.time.Duration;

/**
 * Durable logging ({@code serving.log.durable}) is on and the request's event was not acknowledged by Kafka within
 * {@code serving.log.durable-timeout} (or Kafka refused it): the request is not answered, because an answer would
 * promise an event that may be lost. Whether the broker wrote it anyway cannot be known (a timeout is ambiguous);
 * asking again is safe for rewards and events that carry their own id, and a new rank request is a new decision.
 */
public final class EventNotLoggedException extends RetryLaterException {

    /** A broker that is away is usually replaced by a new partition leader within seconds. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    public EventNotLoggedException(String message) {
        super(null, message, RETRY_AFTER);
    }
}
