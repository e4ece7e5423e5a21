package dev.eddy.serving.drift;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Serving's own, immediate view of how its contextual-bandit models are doing, so that it can react to a change in
 * the world within seconds, before the loop (join window, two checkpoint commits, a publish) brings a model that
 * learned from it. Each decision a model made is remembered until its horizon has passed; a positive reward for it
 * within the horizon marks it rewarded; then its outcome goes to the model's {@link RewardRateGuard}. A guard in
 * alarm makes {@link #explore} true for the model's requests, which are then ranked by {@link ExploringSlates}.
 *
 * <p>Outcomes are settled by one daemon thread every {@link #TICK_MS} ms; request threads only add and mark.
 */
public final class DriftGuards implements AutoCloseable {
    static final long TICK_MS = 100;

    /** One alarm: when it was raised and when the model ranked again ({@link Long#MIN_VALUE}: not yet), epoch ms. */
    public record Episode(long alarmAtMs, long endedAtMs) {}

    private final DriftGuardSettings settings;
    private final LongSupplier clockMs;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Queue<Pending> byDeadline = new ConcurrentLinkedQueue<>();
    private final Map<String, RewardRateGuard> guards = new ConcurrentHashMap<>();
    private final AtomicInteger watched = new AtomicInteger();
    private final AtomicLong unwatched = new AtomicLong();
    private final ScheduledExecutorService ticker;

    private static final class Pending {
        final String eventId;
        final RewardRateGuard guard;
        final long decidedAtMs;
        final long deadlineMs;
        /** Whether slot 1 held the model's own pick (always, unless the model's requests were being explored). */
        final boolean modelPick;
        volatile boolean rewarded;

        Pending(String eventId, RewardRateGuard guard, long decidedAtMs, long deadlineMs, boolean modelPick) {
            this.eventId = eventId;
            this.guard = guard;
            this.decidedAtMs = decidedAtMs;
            this.deadlineMs = deadlineMs;
            this.modelPick = modelPick;
        }
    }

    private DriftGuards(DriftGuardSettings settings, LongSupplier clockMs, boolean tick) {
        this.settings = settings;
        this.clockMs = clockMs;
        if (tick && settings.enabled()) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "eddy-drift-guard");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleWithFixedDelay(() -> settle(clockMs.getAsLong()), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    /** Guards that settle outcomes on their own thread, by the wall clock. */
    public static DriftGuards start(DriftGuardSettings settings) {
        return new DriftGuards(settings, System::currentTimeMillis, true);
    }

    /** Guards that watch nothing: every model ranks as its variant says. */
    public static DriftGuards off() {
        return new DriftGuards(DriftGuardSettings.OFF, System::currentTimeMillis, false);
    }

    /** Guards whose outcomes are settled only by {@link #settle} (tests drive the clock). */
    static DriftGuards manual(DriftGuardSettings settings, LongSupplier clockMs) {
        return new DriftGuards(settings, clockMs, false);
    }

    /**
     * A decision whose slot 1 is {@code model}'s own pick, to be watched (served with the model, not a fallback);
     * while the model's requests are explored, one of those that showed its pick.
     */
    public void decided(String model, String eventId) {
        watch(model, eventId, true);
    }

    /** A decision of {@code model}'s requests, explored after an alarm, whose slot 1 is not the model's pick. */
    public void triedOther(String model, String eventId) {
        watch(model, eventId, false);
    }

    private void watch(String model, String eventId, boolean modelPick) {
        if (!settings.enabled()) return;
        if (watched.get() >= settings.maxPending()) {
            unwatched.incrementAndGet();
            return;
        }
        RewardRateGuard guard = guards.computeIfAbsent(model, m -> new RewardRateGuard(m, settings));
        long now = clockMs.getAsLong();
        Pending p = new Pending(eventId, guard, now, now + settings.horizon().toMillis(), modelPick);
        if (pending.putIfAbsent(eventId, p) == null) {
            watched.incrementAndGet();
            byDeadline.add(p);
        }
    }

    /** A reward for {@code eventId}: a positive one within the horizon marks a watched decision rewarded. */
    public void rewarded(String eventId, double value) {
        if (!settings.enabled() || !(value > 0)) return;
        Pending p = pending.get(eventId);
        if (p != null && clockMs.getAsLong() <= p.deadlineMs) p.rewarded = true;
    }

    /**
     * Whether a request for {@code model} should be explored now ({@link ExploringSlates} with {@link #modelShare});
     * {@code versionDecidedThroughMs} is the loaded version's {@code decided-through} ({@link Long#MIN_VALUE} if
     * unknown).
     */
    public boolean explore(String model, long versionDecidedThroughMs) {
        if (!settings.enabled()) return false;
        RewardRateGuard g = guards.get(model);
        return g != null && g.explore(versionDecidedThroughMs, clockMs.getAsLong());
    }

    /** While {@code model}'s requests are explored: the probability with which slot 1 holds its own pick. */
    public double modelShare(String model) {
        RewardRateGuard g = guards.get(model);
        return g == null ? 1 : g.modelShare();
    }

    /** Gives each decision whose horizon has passed by {@code nowMs} its outcome. */
    void settle(long nowMs) {
        // Decisions enter in the order they were made, give or take the threads' scheduling: close enough to
        // deadline order for outcomes that are a horizon (seconds) long.
        for (Pending p = byDeadline.peek(); p != null && p.deadlineMs <= nowMs; p = byDeadline.peek()) {
            byDeadline.poll();
            pending.remove(p.eventId);
            watched.decrementAndGet();
            if (p.modelPick) p.guard.observe(p.rewarded, p.decidedAtMs, nowMs);
            else p.guard.observeOthers(p.rewarded, nowMs);
        }
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Alarms raised since start, over all models. */
    public long alarms() {
        return guards.values().stream().mapToLong(RewardRateGuard::alarms).sum();
    }

    /** The alarms of {@code model}, oldest first. */
    public List<Episode> episodes(String model) {
        RewardRateGuard g = guards.get(model);
        return g == null ? List.of() : g.episodes();
    }

    /** Models whose requests are explored now. */
    public long exploring() {
        return guards.values().stream().filter(g -> g.phase() == RewardRateGuard.Phase.EXPLORING).count();
    }

    /** Decisions served but not watched, because {@code maxPending} were already waiting for their outcome. */
    public long unwatched() {
        return unwatched.get();
    }

    double baseline(String model) {
        return guards.get(model).baseline();
    }

    RewardRateGuard.Phase phase(String model) {
        RewardRateGuard g = guards.get(model);
        return g == null ? null : g.phase();
    }

    @Override
    public void close() {
        if (ticker != null) ticker.shutdownNow();
    }
}
