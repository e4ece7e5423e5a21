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

    /** A held rank waits, as a durable log's would: it must not run where requests are read. */
    @Override
    public boolean logMayWait() {
        return hold.getCount() > 0;
    }

    /** Which way a logged rank request came: straight from {@link InlinePostHandler}, or through the servlet route. */
    public enum Route { INLINE, SERVLET }

    private final java.util.List<Route> rankRoutes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The ways the logged rank requests came, in order. */
    public java.util.List<Route> rankRoutes() {
        return java.util.List.copyOf(rankRoutes);
    }

    @Override
    public RankResponse rank(RankRequest request) {
        logged.incrementAndGet();
        rankRoutes.add(StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().startsWith("jakarta.servlet."))) ? Route.SERVLET : Route.INLINE);
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
