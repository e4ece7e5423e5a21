package dev.eddy.serving.http;

import dev.eddy.serving.experiment.UnknownExperimentException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Endpoints that answer fixed values, so that a test of the HTTP layer's checks (keys, scopes, rate limits, load
 * shedding, TLS) sees a 2xx wherever the checks let a request through. {@link #holdRanks} makes rank requests wait,
 * to fill the concurrency limit.
 */
public final class CannedEndpoints implements ServingEndpoints, DashboardEndpoints {
    private volatile CountDownLatch hold = new CountDownLatch(0);

    /** Rank requests wait until the returned latch is counted down (at most 30 s). */
    public CountDownLatch holdRanks() {
        hold = new CountDownLatch(1);
        return hold;
    }

    private final java.util.concurrent.atomic.AtomicLong logged = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong unlogged = new java.util.concurrent.atomic.AtomicLong();

    /** Rank requests answered through {@link #rank} (which would log their decisions). */
    public long loggedRanks() {
        return logged.get();
    }

    /** Rank requests answered through {@link #rankUnlogged} (the warm-up's own). */
    public long unloggedRanks() {
        return unlogged.get();
    }

    @Override
    public RankResponse rankUnlogged(RankRequest request) {
        unlogged.incrementAndGet();
        return answer();
    }

    @Override
    public RankResponse rank(RankRequest request) {
        logged.incrementAndGet();
        return answer();
    }

    private RankResponse answer() {
        try {
            hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new RankResponse("e1", "uniform", null, null, null, null, null, null,
                List.of(new RankResponse.Item("i1", 1.0, 1.0)));
    }

    @Override public Accepted reward(RewardRequest request) { return new Accepted(request.eventId(), true); }
    @Override public Accepted event(EventRequest request) { return new Accepted("ev1", true); }
    @Override public Object models() { return Map.of("models", List.of()); }
    @Override public Object experiments() { return Map.of("experiments", List.of()); }
    @Override public String notReadyReason() { return null; }

    @Override
    public Object experimentResults(String experimentId) {
        if (!experimentId.equals("home")) throw new UnknownExperimentException(experimentId, List.of("home"));
        return Map.of("experimentId", experimentId);
    }

    @Override public Object modelHistory() { return Map.of("models", List.of()); }
}
