package dev.eddy.serving.error;

import java.time.Duration;

/**
 * The request is fine but cannot be answered now; asking again after {@link #retryAfter()} may succeed. What is
 * missing comes from outside serving (model versions published by the jobs), so serving cannot wait for it within
 * the request.
 */
public abstract class RetryLaterException extends RuntimeException {
    private final String field;
    private final Duration retryAfter;

    protected RetryLaterException(String field, String message, Duration retryAfter) {
        super(message);
        if (retryAfter == null || retryAfter.isNegative()) throw new IllegalArgumentException("retryAfter must be >= 0");
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /** The part of the request that, sent differently, could be answered now (e.g. {@code candidates}), or null. */
    public String field() {
        return field;
    }

    /** How long a client should wait before asking again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
