package dev.eddy.tools.demo;

import dev.eddy.serving.client.ServingClient;
import dev.eddy.serving.http.RankRequest;
import dev.eddy.serving.http.RankResponse;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session experiment's clients: at a fixed rate a simulated user starts a session ({@link SimulatedSessions});
 * each step asks {@code POST /v1/rank} in the session experiment with the sessionId and the step, serving ranks with
 * the variant's policy (the FTRL session policy published by the learner job, or uniform) and the user clicks or not;
 * a click comes back as {@code POST /v1/reward} after a delay, so the join makes each step an example and the
 * learner learns each finished session as one episode. The next step follows {@link #STEP_GAP} later, or the session
 * ends. Session clicks are not sent as interactions: the single-shelf experiment's MF learns from its own traffic.
 */
final class SessionTraffic implements AutoCloseable {
    /** Between two steps of a session: far below the learner's session gap, so a session stays one window. */
    static final Duration STEP_GAP = Duration.ofMillis(250);

    private final ServingClient client;
    private final SimulatedUsers users;
    private final SessionRewards rewards;
    private final Duration window;
    private final long seed;
    private final ScheduledExecutorService pool;
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long startNanos;
    private volatile String lastError;

    SessionTraffic(String baseUrl, SimulatedUsers users, SessionRewards rewards, Duration window, long seed) {
        this.client = new ServingClient(baseUrl);
        this.users = users;
        this.rewards = rewards;
        this.window = window;
        this.seed = seed;
        this.pool = DaemonPool.scheduled(2, "eddy-demo-sessions");
    }

    /** Starts sessions at {@code sessionsPerSecond}; {@code startNanos} is the run's start (drift times count from it). */
    void start(double sessionsPerSecond, long startNanos) {
        this.startNanos = startNanos;
        pool.scheduleAtFixedRate(this::startSession, 0, Math.max(1, (long) (1e9 / sessionsPerSecond)), TimeUnit.NANOSECONDS);
    }

    SessionRewards rewards() {
        return rewards;
    }

    long failed() {
        return failed.get();
    }

    String lastError() {
        return lastError;
    }

    private void startSession() {
        long n = sessions.incrementAndGet();
        // Seeded per session, so a run's users, shelves and clicks do not depend on thread timing.
        Random random = PerRequestRandom.of(seed, 1, n);
        step(new Session("session-" + seed + "-" + n, users.user(random), random), 0);
    }

    private void step(Session s, int step) {
        try {
            SimulatedUsers.Slate shelf = users.slate(s.random);
            List<RankRequest.CandidateBody> candidates = shelf.candidates().stream()
                    .map(c -> new RankRequest.CandidateBody(c.id(), c.features())).toList();
            RankResponse answer = client.rank(new RankRequest(s.user.id(), s.id, step, users.context(s.user), candidates,
                    1, DemoExperiment.SESSIONS_ID));
            s.variant = answer.variant() == null ? answer.policy() : answer.variant();
            String shown = answer.items().get(0).id();
            int item = shelf.items()[indexOf(shelf, shown)];
            long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
            boolean click = users.clicks(s.user, item, elapsedMs, s.random);
            s.steps++;
            if (click) {
                s.clicks++;
                reward(answer.eventId(), s.random);
            }
            if (SimulatedSessions.continues(step, click, s.random)) {
                pool.schedule(() -> step(s, step + 1), STEP_GAP.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                rewards.add(s.variant, s.steps, s.clicks);
            }
        } catch (IOException e) {
            failed.incrementAndGet();
            lastError = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reward(String eventId, Random random) {
        long delayMs = (long) (200 + random.nextDouble() * 0.6 * window.toMillis());
        Instant at = Instant.now().plusMillis(delayMs);
        pool.schedule(() -> {
            try {
                client.reward(eventId, 1.0, at);
            } catch (IOException e) {
                failed.incrementAndGet();
                lastError = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private static int indexOf(SimulatedUsers.Slate shelf, String id) {
        for (int i = 0; i < shelf.candidates().size(); i++) if (shelf.candidates().get(i).id().equals(id)) return i;
        throw new IllegalStateException("serving answered an item that was not on the shelf: " + id);
    }

    /** A session in progress; touched by one step at a time. */
    private static final class Session {
        final String id;
        final SimulatedUsers.User user;
        final Random random;
        String variant;
        int steps;
        int clicks;

        Session(String id, SimulatedUsers.User user, Random random) {
            this.id = id;
            this.user = user;
            this.random = random;
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
