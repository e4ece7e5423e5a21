package dev.eddy.serving.http;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A concurrency limit in front of the handlers: at most {@code maxConcurrent} requests run at once, a request finding
 * them all busy waits at most {@code maxWait} for one, and is then refused (503). Under overload the server thus
 * answers what it can at its normal latency and refuses the rest within {@code maxWait}, instead of queueing every
 * request until all of them take seconds; when the overload ends there is no backlog left to work off.
 */
final class LoadShedder {
    private final Semaphore slots;
    private final int maxConcurrent;
    private final long maxWaitNanos;
    private final LongAdder shed = new LongAdder();

    /** @param maxConcurrent 0: no limit */
    LoadShedder(int maxConcurrent, Duration maxWait) {
        if (maxConcurrent < 0) throw new IllegalArgumentException("max concurrent requests must be >= 0, was " + maxConcurrent);
        if (maxWait.isNegative()) throw new IllegalArgumentException("queue wait must not be negative, was " + maxWait);
        this.maxConcurrent = maxConcurrent;
        this.slots = maxConcurrent == 0 ? null : new Semaphore(maxConcurrent);
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Takes a slot (true; {@link #exit()} must follow) or counts the request as shed (false). */
    boolean enter() throws InterruptedException {
        if (slots == null) return true;
        boolean in = slots.tryAcquire() || maxWaitNanos > 0 && slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        if (!in) shed.increment();
        return in;
    }

    /** Takes a slot if one is free now (true; {@link #exit()} must follow); refuses nothing and counts nothing. */
    boolean tryEnter() {
        return slots == null || slots.tryAcquire();
    }

    void exit() {
        if (slots != null) slots.release();
    }

    /** Requests running now (0 when unlimited). */
    int inFlight() {
        return slots == null ? 0 : maxConcurrent - slots.availablePermits();
    }

    /** Requests waiting for a slot now (an estimate). */
    int waiting() {
        return slots == null ? 0 : slots.getQueueLength();
    }

    long shed() {
        return shed.sum();
    }
}
