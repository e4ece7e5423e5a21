package dev.eddy.serving.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How secrets become what serving stores: SHA-256 of the key's UTF-8 bytes. Unsalted on purpose: generated keys carry
 * 256 random bits, so there is nothing to guess from the digest, and a lookup must hash the presented key once.
 */
public final class KeyDigest {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Marks generated keys, so that a leaked one is recognisable (e.g. by secret scanners). */
    public static final String PREFIX = "eddy_";

    private KeyDigest() {}

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** A new key: the prefix and 32 random bytes in URL-safe Base64 (no padding). */
    public static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
