package dev.eddy.tools.cluster;

import dev.eddy.serving.client.ServingClient;
import dev.eddy.serving.http.RankRequest;
import dev.eddy.serving.http.RankResponse;
import dev.eddy.tools.demo.SimulatedUsers;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients of the two serving replicas: rank requests at a fixed rate, alternating between the replicas; a click comes
 * back as a reward and an interaction event. A request that fails on one replica (refused, reset, timed out, 5xx) is
 * sent to the other, and the pair is retried until {@link #GIVE_UP_MS}: every request should be answered. Which
 * replica answered each decision is kept, to find the decisions a killed replica answered but never logged.
 */
public final class ClusterTraffic implements AutoCloseable {

    /** A request still unanswered after this long counts as lost. */
    static final long GIVE_UP_MS = 60_000;
    private static final String SYNTHETIC_TYPE = "click";

    /** What the clients saw. */
    public record Counts(long requests, long answered, long answeredByRetry, long unanswered, long rewards, long events) {}

    private final List<ServingClient> replicas;
    private final SimulatedUsers users = new SimulatedUsers(7, Long.MAX_VALUE / 4);
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(daemon("eddy-cluster-clock"));
    private final ExecutorService workers = Executors.newFixedThreadPool(16, daemon("eddy-cluster-client"));
    private final Map<Integer, Set<String>> answeredBy = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong byRetry = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong rewards = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final long startMs = System.currentTimeMillis();
    private volatile boolean clicks = true;
    private volatile String lastError;

    public ClusterTraffic(List<String> baseUrls) {
        this.replicas = baseUrls.stream().map(ServingClient::new).toList();
        for (int i = 0; i < replicas.size(); i++) answeredBy.put(i + 1, ConcurrentHashMap.newKeySet());
    }

    public void start(double requestsPerSecond) {
        clock.scheduleAtFixedRate(() -> {
            inFlight.incrementAndGet();
            workers.execute(this::request);
        }, 0, (long) (1e9 / requestsPerSecond), TimeUnit.NANOSECONDS);
    }

    /** Stops sending new requests; those in flight finish (with their retries). */
    public void stopSending() throws InterruptedException {
        clock.shutdownNow();
        long end = System.currentTimeMillis() + GIVE_UP_MS + 5_000;
        while (inFlight.get() > 0 && System.currentTimeMillis() < end) Thread.sleep(100);
    }

    /** Stops the clicks (rewards and events) of later decisions; the demo's tail traffic only moves event time on. */
    public void stopClicks() {
        clicks = false;
    }

    public Counts counts() {
        return new Counts(requests.get(), answered.get(), byRetry.get(), unanswered.get(), rewards.get(), events.get());
    }

    /** The event ids of the decisions replica {@code n} (1-based) answered. */
    public Set<String> answeredBy(int n) {
        return Set.copyOf(answeredBy.get(n));
    }

    public String lastError() {
        return lastError;
    }

    private void request() {
        try {
            long n = sequence.incrementAndGet();
            requests.incrementAndGet();
            Random random = new Random(n * 0x9E3779B97F4A7C15L);
            SimulatedUsers.User user = users.user(random);
            SimulatedUsers.Slate shelf = users.slate(random);
            List<RankRequest.CandidateBody> candidates = shelf.candidates().stream()
                    .map(c -> new RankRequest.CandidateBody(c.id(), c.features())).toList();
            RankRequest ask = new RankRequest(user.id(), null, null, users.context(user), candidates, 1, ClusterConfig.EXPERIMENT);
            int first = (int) (n % replicas.size());
            long deadline = System.currentTimeMillis() + GIVE_UP_MS;
            for (int attempt = 0; System.currentTimeMillis() < deadline; attempt++) {
                int replica = (first + attempt) % replicas.size();
                try {
                    RankResponse answer = replicas.get(replica).rank(ask);
                    answered.incrementAndGet();
                    if (attempt > 0) byRetry.incrementAndGet();
                    answeredBy.get(replica + 1).add(answer.eventId());
                    if (clicks) click(answer, user, shelf, random);
                    return;
                } catch (ServingClient.ServingError e) {
                    if (e.status() / 100 == 4) {
                        lastError = e.getMessage();
                        break;
                    }
                    lastError = e.getMessage();
                } catch (IOException e) {
                    lastError = e.toString();
                }
                // Both replicas tried: wait a little before the next round.
                if (attempt % replicas.size() == replicas.size() - 1) Thread.sleep(200);
            }
            unanswered.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void click(RankResponse answer, SimulatedUsers.User user, SimulatedUsers.Slate shelf, Random random)
            throws InterruptedException {
        String shown = answer.items().get(0).id();
        int item = -1;
        for (int i = 0; i < shelf.candidates().size(); i++) if (shelf.candidates().get(i).id().equals(shown)) item = shelf.items()[i];
        if (item < 0 || !users.clicks(user, item, System.currentTimeMillis() - startMs, random)) return;
        Instant at = Instant.now();
        // Rewards and events are idempotent by their ids: the retry on the other replica is safe.
        for (int attempt = 0; attempt < 2 * replicas.size(); attempt++) {
            ServingClient replica = replicas.get(attempt % replicas.size());
            try {
                replica.reward(answer.eventId(), 1.0, at);
                rewards.incrementAndGet();
                replica.event(user.id(), shown, SYNTHETIC_TYPE, at);
                events.incrementAndGet();
                return;
            } catch (IOException e) {
                lastError = e.toString();
            }
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        workers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
