package dev.eddy.serving.http;

import dev.eddy.serving.security.ApiKey;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The checks in front of every handler, in order: a key that is valid (401) and has the route's scope (403), the
 * key's rate (429), then a slot of the concurrency limit (503) for the routes that shed. Both ways a request is
 * answered (Javalin's routes and {@link InlinePostHandler}) ask this one object, so they refuse alike.
 */
final class Guard {
    private final KeyRing keys;
    private final TokenBuckets rates;
    private final LoadShedder shedder;
    private final LongAdder rateLimited = new LongAdder();

    Guard(KeyRing keys, TokenBuckets rates, LoadShedder shedder) {
        this.keys = keys;
        this.rates = rates;
        this.shedder = shedder;
    }

    long rateLimited() {
        return rateLimited.sum();
    }

    LoadShedder shedder() {
        return shedder;
    }

    /** The key an Authorization header names, or {@link ApiKeyRejectedException} (401); null when keys are off. */
    ApiKey authenticate(String authorization) {
        ApiKeys current = keys.current();
        if (!current.enabled()) return null;
        ApiKey key = current.authenticate(authorization);
        if (key == null) throw new ApiKeyRejectedException();
        return key;
    }

    /** Refuses a key without the route's scope (403) or over its rate (429); a null key (keys off) passes. */
    void admit(ApiKey key, Access access) {
        if (access.scope() == null || key == null) return;
        if (!key.has(access.scope())) throw new ScopeMissingException(access.scope());
        long wait = rates.take(key.name(), key.rateLimit());
        if (wait > 0) {
            rateLimited.increment();
            throw new RateLimitedException(rates.perSecond(key.rateLimit()), Duration.ofNanos(wait));
        }
    }
}
