package dev.eddy.serving.http;

import java.time.Duration;

/** The key has used up its request rate (429 with Retry-After). */
final class RateLimitedException extends RuntimeException {
    private final Duration retryAfter;

    RateLimitedException(double perSecond, Duration retryAfter) {
        super("rate limit of " + format(perSecond) + " requests/s for this API key exceeded");
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
