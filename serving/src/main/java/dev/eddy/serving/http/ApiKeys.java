package dev.eddy.serving.http;

import dev.eddy.serving.security.ApiKey;
import dev.eddy.serving.security.KeyDigest;
import dev.eddy.serving.security.Scope;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Bearer API keys with their scopes. Only SHA-256 digests are kept, and a presented key is compared with every
 * configured digest by {@link MessageDigest#isEqual} (time independent of where they differ), without early exit, so
 * the time a check takes says nothing about the keys. Keys are never logged or echoed.
 */
public final class ApiKeys {
    private final List<ApiKey> keys;

    private ApiKeys(List<ApiKey> keys) {
        Set<String> names = new HashSet<>();
        for (ApiKey k : keys) {
            if (!names.add(k.name())) throw new IllegalArgumentException("two API keys are named '" + k.name() + "'");
        }
        this.keys = List.copyOf(keys);
    }

    /** No keys: authentication off. */
    public static ApiKeys disabled() {
        return new ApiKeys(List.of());
    }

    /**
     * Keys in plain text, the flat list of serving.api-keys: each may use every scope (what any key could do before
     * keys had scopes). Named {@code api-key-1}, {@code api-key-2}, ... in the order given.
     */
    public static ApiKeys of(List<String> keys) {
        List<ApiKey> out = new ArrayList<>();
        for (String k : keys) {
            if (k == null || k.isBlank()) throw new IllegalArgumentException("serving.api-keys: a key must not be blank");
            out.add(new ApiKey("api-key-" + (out.size() + 1), Scope.ALL, KeyDigest.sha256(k)));
        }
        return new ApiKeys(out);
    }

    /** Keys with names and scopes (the key file's entries). */
    public static ApiKeys ofKeys(Collection<ApiKey> keys) {
        return new ApiKeys(List.copyOf(keys));
    }

    /** These keys and {@code more}; a name in both is refused. */
    public ApiKeys plus(ApiKeys more) {
        List<ApiKey> all = new ArrayList<>(keys);
        all.addAll(more.keys);
        return new ApiKeys(all);
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    public int size() {
        return keys.size();
    }

    /** Whether an {@code Authorization} header value carries a valid key of any scope (always true when disabled). */
    public boolean allows(String authorizationHeader) {
        return !enabled() || authenticate(authorizationHeader) != null;
    }

    /** The key an {@code Authorization: Bearer} header value presents, or null when it presents none of these. */
    public ApiKey authenticate(String authorizationHeader) {
        String presented = "";
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorizationHeader.substring(7).trim();
        }
        byte[] digest = KeyDigest.sha256(presented);
        ApiKey match = null;
        for (ApiKey k : keys) {
            // Every digest is compared, the match or not, so that timing does not tell which key (or none) matched.
            if (k.matches(digest)) match = k;
        }
        return presented.isEmpty() ? null : match;
    }
}
