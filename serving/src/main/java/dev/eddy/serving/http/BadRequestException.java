package dev.eddy.serving.http;

/** A client error: answered with {@code status} and {@code {"error": message, "field": field}}. */
public final class BadRequestException extends RuntimeException {
    private final int status;
    private final String field;

    public BadRequestException(int status, String field, String message) {
        super(message);
        if (status < 400 || status > 499) throw new IllegalArgumentException("a client error needs a 4xx status: " + status);
        this.status = status;
        this.field = field;
    }

    public static BadRequestException field(String field, String message) {
        return new BadRequestException(400, field, field + ": " + message);
    }

    public int status() {
        return status;
    }

    /** The JSON path of the offending field, or null when the request as a whole is wrong. */
    public String field() {
        return field;
    }
}
