package dev.eddy.serving.http;

import java.util.regex.Pattern;

/** What the tests of error answers share. */
public final class ErrorBodies {
    private ErrorBodies() {}

    /** What an error body must never show: a Java type or package, an exception's name, a stack frame. */
    public static final Pattern INTERNALS = Pattern.compile(
            "(java|javax|jakarta|kotlin|com\\.fasterxml|org\\.eclipse|io\\.javalin|dev\\.eddy)\\.|Exception|\\.java:\\d|\\bat [\\w.$]+\\(");
}
