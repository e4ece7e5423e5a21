package dev.eddy.serving.error;

/**
 * The request's body did not arrive within serving's request timeout: a client that sends slowly, or stops, must not
 * hold one of the server's threads for longer than that.
 */
public final class RequestTimeoutException extends RuntimeException {
    public RequestTimeoutException(String message) {
        super(message);
    }
}
