package dev.eddy.events.features;

import org.apache.commons.codec.digest.MurmurHash3;

/**
 * MurmurHash3 x86 32-bit of a string's UTF-8 bytes, encoding into a reused buffer: {@code String.getBytes}
 * would allocate an array for every feature name of every example. Not thread-safe.
 */
final class Utf8Murmur {
    private byte[] buf = new byte[64];

    int hash(String s, int seed) {
        int n = encode(s);
        return MurmurHash3.hash32x86(buf, 0, n, seed);
    }

    /** Writes the UTF-8 bytes of {@code s} to {@code buf} and returns their count; same bytes as {@code getBytes(UTF_8)}. */
    int encode(String s) {
        int len = s.length();
        // At most 3 bytes per UTF-16 unit (a surrogate pair is 2 units for 4 bytes).
        if (buf.length < 3 * len) buf = new byte[Math.max(3 * len, 2 * buf.length)];
        byte[] b = buf;
        int n = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[n++] = (byte) c;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[n++] = (byte) (0xF0 | (cp >> 18));
                    b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[n++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    // The JDK encoder replaces a lone surrogate with '?'; do the same so hashes agree with it.
                    b[n++] = (byte) '?';
                }
            } else {
                b[n++] = (byte) (0xE0 | (c >> 12));
                b[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return n;
    }

    byte[] buffer() {
        return buf;
    }
}
