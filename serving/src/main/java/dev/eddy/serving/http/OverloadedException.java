package dev.eddy.serving.http;

import dev.eddy.serving.error.RetryLaterException;

import java.time.Duration;

/**
 * Every slot of the concurrency limit stayed busy for the whole queue wait: the request is refused at once (503 with
 * Retry-After) rather than queued behind work the server cannot finish in time.
 */
final class OverloadedException extends RetryLaterException {
    OverloadedException() {
        super(null, "serving is overloaded; retry later", Duration.ofSeconds(1));
    }
}
