package dev.eddy.tools.demo;

import dev.eddy.serving.client.ServingClient;

import dev.eddy.serving.http.RankRequest;
import dev.eddy.serving.http.RankResponse;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated users as clients of serving: at a fixed rate a user ({@link SimulatedUsers}) asks
 * {@code POST /v1/rank} to pick one of a shelf of candidates in the demo experiment; serving assigns the variant,
 * ranks with that variant's newest model and logs the decision. The user clicks according to hidden tastes (noisy);
 * a click comes back after a random delay as {@code POST /v1/reward} (joined into an example for the learner) and
 * {@code POST /v1/events} (an interaction for the retrain job). A little of what real clients do is mixed in on
 * purpose: redelivered rewards, rewards after the attribution window, and malformed requests (answered 4xx).
 */
public final class HttpTraffic implements AutoCloseable {

    /** What was sent, for live lines and the summary. */
    public record Counts(long requests, long failed, long rejectedOnPurpose, long rewards, long duplicates, long late,
                         long drifts) {}

    /** One variant as the clients saw it. */
    public record VariantView(long requests, long modelVersion, double p99Ms) {}

    private final ServingClient client;
    private final SimulatedUsers users;
    private final RunningReward reward;
    private final AfterDrift afterDrift;
    private final Duration window;
    private final String experimentId;
    private final ScheduledExecutorService pool;
    private final LatencyWindow latency = new LatencyWindow();
    private final Map<String, AtomicLong> requestsByVariant = new ConcurrentHashMap<>();
    private final Map<String, Long> versionByVariant = new ConcurrentHashMap<>();
    private final long seed;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong rewards = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private volatile long startNanos;
    private volatile String lastError;

    public HttpTraffic(String baseUrl, String experimentId, SimulatedUsers users, RunningReward reward,
                       AfterDrift afterDrift, Duration window, long seed) {
        this.client = new ServingClient(baseUrl);
        this.experimentId = experimentId;
        this.users = users;
        this.reward = reward;
        this.afterDrift = afterDrift;
        this.window = window;
        this.seed = seed;
        this.pool = DaemonPool.scheduled(4, "eddy-demo-client");
    }

    /** A click comes this long after its decision at the earliest, and up to {@link #CLICK_SPREAD} windows later. */
    private static final long FIRST_CLICK_MS = 200;
    private static final double CLICK_SPREAD = 0.6;

    /** How long after its decision a click comes at the latest (the few deliberately late ones aside). */
    public static Duration longestClickDelay(Duration window) {
        return Duration.ofMillis(FIRST_CLICK_MS + (long) (CLICK_SPREAD * window.toMillis()));
    }

    public void start(double requestsPerSecond) {
        startNanos = System.nanoTime();
        pool.scheduleAtFixedRate(this::request, 0, Math.max(1, (long) (1e9 / requestsPerSecond)), TimeUnit.NANOSECONDS);
    }

    public Counts counts() {
        long elapsedMs = startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1_000_000;
        return new Counts(requests.get(), failed.get(), rejected.get(), rewards.get(), duplicates.get(), late.get(),
                users.drifts(elapsedMs));
    }

    /** Per variant: requests so far, the newest model version seen in answers, p99 latency since the last call. */
    public Map<String, VariantView> variants() {
        return views(latency.p99AndReset());
    }

    /** As {@link #variants()}, with the p99 over the whole run. */
    public Map<String, VariantView> variantsWholeRun() {
        return views(latency.p99WholeRun());
    }

    private Map<String, VariantView> views(Map<String, Double> p99) {
        Map<String, VariantView> out = new java.util.TreeMap<>();
        requestsByVariant.forEach((v, n) -> out.put(v, new VariantView(n.get(), versionByVariant.getOrDefault(v, 0L),
                p99.getOrDefault(v, Double.NaN))));
        return out;
    }

    public RunningReward reward() {
        return reward;
    }

    public AfterDrift afterDrift() {
        return afterDrift;
    }

    /** Milliseconds since {@link #start}. */
    public long elapsedMs() {
        return startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1_000_000;
    }

    public String lastError() {
        return lastError;
    }

    private void request() {
        long n = sequence.incrementAndGet();
        // Seeded per request, so a run's users and shelves do not depend on thread timing.
        Random random = PerRequestRandom.of(seed, 0, n);
        try {
            if (random.nextDouble() < 0.005) {
                rejectedOnPurpose(random);
                return;
            }
            SimulatedUsers.User user = users.user(random);
            SimulatedUsers.Slate shelf = users.slate(random);
            List<RankRequest.CandidateBody> candidates = shelf.candidates().stream()
                    .map(c -> new RankRequest.CandidateBody(c.id(), c.features())).toList();
            RankRequest ask = new RankRequest(user.id(), null, null, users.context(user), candidates, 1, experimentId);
            long t0 = System.nanoTime();
            RankResponse answer = client.rank(ask);
            long took = System.nanoTime() - t0;
            requests.incrementAndGet();
            String variant = answer.variant() == null ? answer.policy() : answer.variant();
            latency.add(variant, took);
            requestsByVariant.computeIfAbsent(variant, v -> new AtomicLong()).incrementAndGet();
            Long version = answer.modelVersion() != null ? answer.modelVersion() : answer.retrievalVersion();
            if (version != null) versionByVariant.merge(variant, version, Math::max);
            String shown = answer.items().get(0).id();
            int item = shelf.items()[indexOf(shelf, shown)];
            long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
            boolean click = users.clicks(user, item, elapsedMs, random);
            reward.add(variant, click);
            afterDrift.add(variant, elapsedMs, click);
            if (click) scheduleClick(answer.eventId(), user.id(), shown, random);
        } catch (IOException e) {
            failed.incrementAndGet();
            lastError = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int indexOf(SimulatedUsers.Slate shelf, String id) {
        for (int i = 0; i < shelf.candidates().size(); i++) if (shelf.candidates().get(i).id().equals(id)) return i;
        throw new IllegalStateException("serving answered an item that was not on the shelf: " + id);
    }

    private void scheduleClick(String eventId, String userId, String itemId, Random random) {
        boolean isLate = random.nextDouble() < 0.01;
        long delayMs = isLate ? window.toMillis() + 2000
                : FIRST_CLICK_MS + (long) (random.nextDouble() * CLICK_SPREAD * window.toMillis());
        if (isLate) late.incrementAndGet();
        boolean duplicate = random.nextDouble() < 0.02;
        Instant at = Instant.now().plusMillis(delayMs);
        pool.schedule(() -> {
            try {
                client.reward(eventId, 1.0, at);
                rewards.incrementAndGet();
                if (duplicate) {
                    client.reward(eventId, 1.0, at);
                    duplicates.incrementAndGet();
                }
                client.event(userId, itemId, "click", at);
            } catch (IOException e) {
                failed.incrementAndGet();
                lastError = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /** A request a buggy client might send; serving must answer 4xx naming the field. */
    private void rejectedOnPurpose(Random random) throws InterruptedException {
        RankRequest bad = random.nextBoolean()
                ? new RankRequest("user-1", null, null, Map.of(), null, 0, experimentId)
                : new RankRequest(null, null, null, Map.of(), null, 1, experimentId);
        try {
            client.rank(bad);
            failed.incrementAndGet();
            lastError = "a malformed request was accepted";
        } catch (ServingClient.ServingError e) {
            if (e.status() / 100 == 4) rejected.incrementAndGet();
            else {
                failed.incrementAndGet();
                lastError = e.getMessage();
            }
        } catch (IOException e) {
            failed.incrementAndGet();
            lastError = e.getMessage();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
