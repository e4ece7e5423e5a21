package dev.eddy.bandits.neural;

import java.nio.charset.StandardCharsets;

/** The configuration fingerprint a neural learner writes into its snapshot and checks on restore. */
final class ConfigHash {
    private ConfigHash() {
    }

    /** FNV-1a over the text's UTF-8 bytes: stable across JVMs, unlike {@code hashCode}. */
    static long of(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
