package dev.eddy.serving.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Bearer API keys. Only SHA-256 digests are kept, and a presented key is compared with every configured digest
 * by {@link MessageDigest#isEqual} (time independent of where they differ), without early exit, so the time a
 * check takes says nothing about the keys. Keys are never logged or echoed.
 */
public final class ApiKeys {
    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /** No keys: authentication off. */
    public static ApiKeys disabled() {
        return new ApiKeys(List.of());
    }

    public static ApiKeys of(List<String> keys) {
        for (String k : keys) {
            if (k == null || k.isBlank()) throw new IllegalArgumentException("serving.api-keys: a key must not be blank");
        }
        return new ApiKeys(keys.stream().map(ApiKeys::sha256).toList());
    }

    public boolean enabled() {
        return !digests.isEmpty();
    }

    /** Whether an {@code Authorization} header value carries a valid key (always true when disabled). */
    public boolean allows(String authorizationHeader) {
        if (!enabled()) return true;
        String presented = "";
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorizationHeader.substring(7).trim();
        }
        byte[] digest = sha256(presented);
        boolean ok = false;
        for (byte[] d : digests) ok |= MessageDigest.isEqual(d, digest);
        return ok && !presented.isEmpty();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
