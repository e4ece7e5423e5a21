package dev.eddy.serving.error;

/**
 * The request is over one of serving's size limits (its body, or the feature values it carries). Not a syntax
 * problem: the same request made smaller would be answered.
 */
public final class RequestTooLargeException extends RuntimeException {
    private final String field;

    /** @param field JSON path of the part that is too large, or null for the body as a whole */
    public RequestTooLargeException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The JSON path of the part that is too large, or null. */
    public String field() {
        return field;
    }
}
