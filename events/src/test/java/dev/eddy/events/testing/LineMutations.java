package dev.eddy.events.testing;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Hostile versions of one line of a text log, for the readers' fuzz tests: characters flipped, dropped or inserted
 * (the format's structural characters), the line cut short, or one field replaced as the format allows. Line breaks
 * never appear in the result, so one mutated line stays one line.
 */
public final class LineMutations {
    private LineMutations() {}

    /** Replaces or breaks one field of {@code line} near position {@code at}. */
    @FunctionalInterface
    public interface FieldMutation {
        void apply(StringBuilder line, int at, Random r);
    }

    /** Up to {@code maxBytes} random bytes read as UTF-8, as one line. */
    public static String randomLine(Random r, int maxBytes) {
        byte[] b = new byte[r.nextInt(maxBytes)];
        r.nextBytes(b);
        return oneLine(new String(b, StandardCharsets.UTF_8));
    }

    /** One to {@code maxTimes} mutations of {@code line}; an insert is one of {@code inserts}' characters. */
    public static String mutate(String line, Random r, int maxTimes, String inserts, FieldMutation field) {
        StringBuilder s = new StringBuilder(line);
        for (int n = 1 + r.nextInt(maxTimes); n > 0 && !s.isEmpty(); n--) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(5)) {
                case 0 -> s.setCharAt(at, (char) (32 + r.nextInt(95)));
                case 1 -> s.deleteCharAt(at);
                case 2 -> s.insert(at, inserts.charAt(r.nextInt(inserts.length())));
                case 3 -> s.setLength(at);
                default -> field.apply(s, at, r);
            }
        }
        return oneLine(s.toString());
    }

    /** A field mutation for tab-separated lines: one cell becomes one of {@code tokens}. */
    public static FieldMutation tabCell(String[] tokens) {
        return (s, at, r) -> {
            String[] cells = s.toString().split("\t", -1);
            cells[r.nextInt(cells.length)] = tokens[r.nextInt(tokens.length)];
            s.replace(0, s.length(), String.join("\t", cells));
        };
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
