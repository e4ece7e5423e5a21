package dev.eddy.tools.bench.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Outcomes of one phase's measured requests, recorded from the HTTP client's threads. Latency is taken from the
 * request's <em>intended</em> start (its slot in the schedule), not from when it was sent, so time a request spent
 * waiting behind a slow one counts (coordinated omission corrected, as wrk2 does). Requests scheduled during the
 * warm-up are not recorded. Timeouts go into the histogram with the time they waited (they took at least that long);
 * other errors (refused connections, resets) have no meaningful latency and are only counted.
 */
final class PhaseRecorder {
    /** One minute in microseconds: anything longer is recorded as one minute. */
    static final long HIGHEST_MICROS = 60_000_000L;

    private final long measureStartNanos;
    private final long intervalNanos;
    private final ConcurrentHistogram[] buckets;
    private final LongAdder[] bucketFailures;
    private final ConcurrentHistogram fromSend = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private volatile long lastCompletionNanos;

    PhaseRecorder(long measureStartNanos, long measureNanos, long intervalNanos) {
        this.measureStartNanos = measureStartNanos;
        this.intervalNanos = intervalNanos;
        int n = (int) Math.max(1, (measureNanos + intervalNanos - 1) / intervalNanos);
        buckets = new ConcurrentHistogram[n];
        bucketFailures = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            buckets[i] = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);
            bucketFailures[i] = new LongAdder();
        }
    }

    boolean measured(long intendedNanos) {
        return intendedNanos >= measureStartNanos;
    }

    void answered(long intendedNanos, long sentNanos, long doneNanos, int status) {
        if (!measured(intendedNanos)) return;
        int b = bucket(intendedNanos);
        record(b, doneNanos - intendedNanos);
        fromSend.recordValue(micros(doneNanos - sentNanos));
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status < 200 || status > 299) bucketFailures[b].increment();
        done(doneNanos);
    }

    void failed(long intendedNanos, long doneNanos, Throwable failure) {
        if (!measured(intendedNanos)) return;
        int b = bucket(intendedNanos);
        bucketFailures[b].increment();
        if (isTimeout(failure)) {
            timeouts.increment();
            record(b, doneNanos - intendedNanos);
        } else {
            errors.computeIfAbsent(describe(failure), s -> new LongAdder()).increment();
        }
        done(doneNanos);
    }

    /**
     * Latency of the answers from when they were actually sent: what the server and the client's queue took. A copy:
     * answers to requests still in flight keep arriving while the report is made, and iterating a histogram that is
     * being recorded into fails.
     */
    Histogram fromSend() {
        return fromSend.copy();
    }

    Histogram total() {
        Histogram all = new Histogram(1, HIGHEST_MICROS, 3);
        for (ConcurrentHistogram h : buckets) all.add(h);
        return all;
    }

    List<Interval> timeline(long measureStartEpochMillis) {
        List<Interval> out = new ArrayList<>(buckets.length);
        for (int i = 0; i < buckets.length; i++) {
            Latency l = Latency.of(buckets[i].copy());
            long offsetNanos = i * intervalNanos;
            out.add(new Interval(offsetNanos / 1e9, measureStartEpochMillis + offsetNanos / 1_000_000, l.count(),
                    l.p50(), l.p99(), l.max(), bucketFailures[i].sum()));
        }
        return out;
    }

    Map<Integer, Long> statuses() {
        Map<Integer, Long> out = new TreeMap<>();
        statuses.forEach((s, n) -> out.put(s, n.sum()));
        return out;
    }

    Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((e, n) -> out.put(e, n.sum()));
        return out;
    }

    long timeouts() {
        return timeouts.sum();
    }

    long completed() {
        return completed.sum();
    }

    long lastCompletionNanos() {
        return lastCompletionNanos;
    }

    private void done(long doneNanos) {
        completed.increment();
        // Completions race; keeping a late value a little too early only shortens the achieved-rate divisor.
        if (doneNanos > lastCompletionNanos) lastCompletionNanos = doneNanos;
    }

    private int bucket(long intendedNanos) {
        return (int) Math.min(buckets.length - 1, (intendedNanos - measureStartNanos) / intervalNanos);
    }

    private void record(int b, long nanos) {
        buckets[b].recordValue(micros(nanos));
    }

    private static long micros(long nanos) {
        return Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1000));
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof TimeoutException) return true;
        return false;
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName();
    }
}
