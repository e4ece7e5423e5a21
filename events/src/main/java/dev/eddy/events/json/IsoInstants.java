package dev.eddy.events.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The common shape of an event time, {@code 2026-11-24T10:15:30.123Z} (UTC, 4-digit year, optional 1–9 fraction
 * digits), read without {@link java.time.format.DateTimeFormatter}: {@link Instant#parse} was a fifth of the join
 * source's CPU time (issue #18). Anything else (offsets, lower case, leap seconds, invalid dates) gives null, and the
 * caller falls back to {@link Instant#parse}, so what is accepted and what it means do not change.
 */
final class IsoInstants {
    private IsoInstants() {}

    /** The instant, or null when {@code s} is not in the common shape (the caller then parses it the slow way). */
    static Instant parseUtc(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z') return null;
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) return null;
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) return null;
            nanos = digits(s, 20, fraction);
            if (nanos < 0) return null;
            for (int i = fraction; i < 9; i++) nanos *= 10;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The non-negative number in s[from, from + count), or -1 if a character there is not an ASCII digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }
}
