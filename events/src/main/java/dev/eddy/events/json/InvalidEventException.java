package dev.eddy.events.json;

/** A record that cannot be parsed or that breaks a rule of the event model; the message says which field and why. */
public class InvalidEventException extends Exception {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
