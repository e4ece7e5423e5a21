package dev.eddy.serving.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key name: {@code rate} tokens a second, at most {@code burst} saved up; a request takes one.
 * Buckets exist only for configured keys (the map is bounded by the key file), created full on a key's first request.
 */
final class TokenBuckets {
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perSecond 0: no limit */
    TokenBuckets(double perSecond, double burst, LongSupplier nanoClock) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) throw new IllegalArgumentException("rate must be >= 0, was " + perSecond);
        if (perSecond > 0 && !(burst >= 1)) throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    boolean enabled() {
        return perSecond > 0;
    }

    double perSecond() {
        return perSecond;
    }

    /** Takes a token of {@code key}'s bucket: 0 when there was one, else the nanoseconds until there is. */
    long take(String key) {
        if (!enabled()) return 0;
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoClock.getAsLong())).take(nanoClock.getAsLong());
    }

    private final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        synchronized long take(long now) {
            if (now > at) {
                tokens = Math.min(burst, tokens + (now - at) * perSecond / 1e9);
                at = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) * 1e9 / perSecond));
        }
    }
}
