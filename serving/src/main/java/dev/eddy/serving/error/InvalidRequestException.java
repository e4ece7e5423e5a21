package dev.eddy.serving.error;

/**
 * The request cannot be answered as sent: a field is missing, malformed or out of range, or the body is not the
 * JSON asked for. The message starts with the field's JSON path when there is one, so that it reads on its own.
 */
public final class InvalidRequestException extends RuntimeException {
    private final String field;

    /**
     * @param field   JSON path of the offending field (e.g. {@code candidates[3].id}), or null when the request as a
     *                whole is wrong
     * @param message what is wrong with it, without the field (e.g. {@code "must be >= 0, was -1"})
     */
    public InvalidRequestException(String field, String message) {
        super(field == null ? message : field + ": " + message);
        this.field = field;
    }

    /** The JSON path of the offending field, or null. */
    public String field() {
        return field;
    }
}
