package dev.eddy.serving.security;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One API key as serving keeps it: a name (for rate limits and the key file; never the secret), its scopes, the
 * SHA-256 digest of the secret, and its own rate limit (null: serving.rate-limit's). The secret itself is not kept.
 */
public record ApiKey(String name, Set<Scope> scopes, byte[] sha256, RateLimit rateLimit) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public ApiKey {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key's name must be 1-64 of A-Z a-z 0-9 . _ @ -");
        }
        if (scopes == null || scopes.isEmpty()) throw new IllegalArgumentException("key '" + name + "' has no scope");
        if (sha256 == null || sha256.length != 32) throw new IllegalArgumentException("key '" + name + "': a SHA-256 digest has 32 bytes");
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
        sha256 = sha256.clone();
    }

    /** A key limited by serving.rate-limit, as every key is unless its entry says otherwise. */
    public ApiKey(String name, Set<Scope> scopes, byte[] sha256) {
        this(name, scopes, sha256, null);
    }

    /** This key with its own rate limit (null: the global one). */
    public ApiKey withRateLimit(RateLimit limit) {
        return new ApiKey(name, scopes, sha256, limit);
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether {@code digest} is this key's, in time independent of where they differ. */
    public boolean matches(byte[] digest) {
        return java.security.MessageDigest.isEqual(sha256, digest);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** Without the digest: a record's default would print it wherever a key is logged by mistake. */
    @Override
    public String toString() {
        return "ApiKey[" + name + " " + Scope.format(scopes) + (rateLimit == null ? "" : " " + rateLimit) + "]";
    }
}
