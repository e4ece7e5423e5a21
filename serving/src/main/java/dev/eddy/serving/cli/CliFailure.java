package dev.eddy.serving.cli;

/**
 * An expected failure of a command (an unreachable broker, a missing file, a port in use): its message says what
 * happened and what to do, and the command line prints it as one line, without a stack trace unless {@code --verbose}.
 */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliFailure(String message) {
        super(message);
    }

    public CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
