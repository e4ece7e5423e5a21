package dev.eddy.serving.http;

import dev.eddy.serving.security.RateLimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key name: {@code rate} tokens a second, at most {@code burst} saved up; a request takes one.
 * A key whose entry has its own {@link RateLimit} is limited by that instead (rate 0: not at all). Buckets exist only
 * for configured keys (the map is bounded by the key file), created full on a key's first request; when a reload
 * changes a key's limit its bucket takes the new one, keeping the tokens it has up to the new burst.
 */
final class TokenBuckets {
    private final RateLimit global;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perSecond 0: no limit (for keys without a limit of their own) */
    TokenBuckets(double perSecond, double burst, LongSupplier nanoClock) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) throw new IllegalArgumentException("rate must be >= 0, was " + perSecond);
        if (perSecond > 0 && !(burst >= 1)) throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        this.global = new RateLimit(perSecond, perSecond > 0 ? burst : 0);
        this.nanoClock = nanoClock;
    }

    boolean enabled() {
        return !global.unlimited();
    }

    double perSecond() {
        return global.perSecond();
    }

    /** The rate a key is held to: its own, else the global one (0: none). */
    double perSecond(RateLimit own) {
        return (own != null ? own : global).perSecond();
    }

    /** Takes a token of {@code key}'s bucket at the global rate: 0 when there was one, else the nanoseconds until there is. */
    long take(String key) {
        return take(key, null);
    }

    /** Takes a token of {@code key}'s bucket at {@code own} rate (null: the global one). */
    long take(String key, RateLimit own) {
        RateLimit limit = own != null ? own : global;
        if (limit.unlimited()) return 0;
        long now = nanoClock.getAsLong();
        return buckets.computeIfAbsent(key, k -> new Bucket(limit, now)).take(limit, now);
    }

    private static final class Bucket {
        private RateLimit limit;
        private double tokens;
        private long at;

        Bucket(RateLimit limit, long at) {
            this.limit = limit;
            this.tokens = limit.burst();
            this.at = at;
        }

        synchronized long take(RateLimit now, long nanos) {
            if (nanos > at) {
                tokens = Math.min(limit.burst(), tokens + (nanos - at) * limit.perSecond() / 1e9);
                at = nanos;
            }
            if (!now.equals(limit)) {
                // A reload changed the key's limit: what was saved up stays, within the new burst.
                limit = now;
                tokens = Math.min(tokens, limit.burst());
            }
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) * 1e9 / limit.perSecond()));
        }
    }
}
