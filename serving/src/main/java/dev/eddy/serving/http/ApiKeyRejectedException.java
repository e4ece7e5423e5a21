package dev.eddy.serving.http;

/** A /v1 request without a configured API key. Never says which part of the key was wrong, nor echoes it. */
final class ApiKeyRejectedException extends RuntimeException {
    ApiKeyRejectedException() {
        super("missing or invalid API key (Authorization: Bearer <key>)");
    }
}
