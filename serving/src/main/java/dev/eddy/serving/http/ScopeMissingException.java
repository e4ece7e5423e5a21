package dev.eddy.serving.http;

import dev.eddy.serving.security.Scope;

/** A valid API key without the scope the endpoint needs (403). Names the scope, not the key. */
final class ScopeMissingException extends RuntimeException {
    ScopeMissingException(Scope needed) {
        super("this API key lacks the scope '" + needed.label() + "' that this endpoint needs");
    }
}
