package dev.eddy.serving.cli;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The status line long-running commands (join, learn, retrain, experiments, serve) print every
 * {@link #EVERY}: the time, the command, then short {@code name value} fields, kept well inside a terminal's width.
 * One class for all of them, so that they read alike.
 */
public final class StatusLine {
    public static final Duration EVERY = Duration.ofSeconds(10);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final StringBuilder text = new StringBuilder();

    private StatusLine(String command, LocalTime at) {
        text.append(at.format(TIME)).append(' ').append(command);
    }

    public static StatusLine of(String command) {
        return new StatusLine(command, LocalTime.now());
    }

    static StatusLine at(String command, LocalTime at) {
        return new StatusLine(command, at);
    }

    /** A count, with thousands separators. */
    public StatusLine count(String name, long value) {
        return field(name, String.format(Locale.ROOT, "%,d", value));
    }

    /** A duration, rounded for reading ("3 s", "2 min 5 s"); "-" when unknown. */
    public StatusLine duration(String name, Duration value) {
        return field(name, value == null ? "-" : format(value));
    }

    public StatusLine field(String name, String value) {
        text.append(" | ").append(name).append(' ').append(value);
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** "850 ms", "12 s", "3 min 5 s", "2 h 4 min", "12 d 6 h". */
    public static String format(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) return ms + " ms";
        long s = ms / 1000;
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        if (s < 86_400) return (s / 3600) + " h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + " min");
        return (s / 86_400) + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + (s % 86_400 / 3600) + " h");
    }

    /** "1 record", "2 records". */
    public static String plural(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
