package dev.eddy.events.testing;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Hostile versions of a valid JSON record, as a broken or malicious producer would write them: a character
 * replaced, the record cut, a structural character inserted, a value swapped for a token of another type or range,
 * or random bytes. Shared by the fuzz tests of the model parts, the readers and serving's followers; each may pass
 * its own tokens.
 */
public final class JsonMutations {
    public static final String[] TOKENS = {"null", "-1", "0", "1e999", "-1e999", "\"\"", "{}", "[]", "true", "\"x\"",
            "99999999999999999999", "2147483648", "NaN", "\"\\u0000\"", "\"\uD83D\"", "\"2026-99-99T00:00:00Z\""};

    private JsonMutations() {}

    /** {@code valid} mutated one to three times, or (one time in five) replaced by random bytes. */
    public static byte[] hostile(byte[] valid, Random r) {
        if (r.nextInt(5) == 0) return random(r);
        byte[] v = valid;
        for (int n = 1 + r.nextInt(3); n > 0; n--) v = mutate(v, r);
        return v;
    }

    public static byte[] random(Random r) {
        byte[] b = new byte[r.nextInt(200)];
        r.nextBytes(b);
        return b;
    }

    /** One mutation of {@code v} with the default tokens. */
    public static byte[] mutate(byte[] v, Random r) {
        if (v.length == 0) return v;
        return mutate(new String(v, StandardCharsets.UTF_8), r, TOKENS).getBytes(StandardCharsets.UTF_8);
    }

    /** One mutation of {@code text}; a swapped value becomes one of {@code tokens}. */
    public static String mutate(String text, Random r, String[] tokens) {
        if (text.isEmpty()) return text;
        StringBuilder s = new StringBuilder(text);
        int at = r.nextInt(s.length());
        switch (r.nextInt(4)) {
            case 0 -> s.setCharAt(at, (char) (32 + r.nextInt(95)));
            case 1 -> s.setLength(at);
            case 2 -> s.insert(at, "{}[]\",:0 \\".charAt(r.nextInt(10)));
            default -> {
                // Replace one value (from a colon to the next field) by a token of another type or range.
                int colon = s.indexOf(":", at);
                if (colon < 0) colon = s.indexOf(":");
                int end = colon < 0 ? -1 : s.indexOf(",\"", colon);
                if (end < 0 && colon >= 0) end = s.lastIndexOf("}");
                if (end > colon) s.replace(colon + 1, end, tokens[r.nextInt(tokens.length)]);
            }
        }
        return s.toString();
    }
}
