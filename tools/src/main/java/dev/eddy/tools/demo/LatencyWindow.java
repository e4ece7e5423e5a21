package dev.eddy.tools.demo;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Request latencies per variant since the last report (the live lines' p99) and over the whole run (the summary's). */
final class LatencyWindow {
    private final Map<String, long[]> samples = new HashMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    private final LatencyWindow wholeRun;

    LatencyWindow() {
        this(true);
    }

    private LatencyWindow(boolean withWholeRun) {
        this.wholeRun = withWholeRun ? new LatencyWindow(false) : null;
    }

    synchronized void add(String variant, long nanos) {
        if (wholeRun != null) wholeRun.add(variant, nanos);
        long[] a = samples.computeIfAbsent(variant, v -> new long[1024]);
        int n = sizes.getOrDefault(variant, 0);
        if (n == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            samples.put(variant, a);
        }
        a[n] = nanos;
        sizes.put(variant, n + 1);
    }

    /** p99 in milliseconds per variant over the whole run. */
    Map<String, Double> p99WholeRun() {
        return wholeRun.p99();
    }

    /** p99 in milliseconds per variant since the last call, and starts a new window. */
    synchronized Map<String, Double> p99AndReset() {
        Map<String, Double> out = p99();
        sizes.replaceAll((v, n) -> 0);
        return out;
    }

    private synchronized Map<String, Double> p99() {
        Map<String, Double> out = new HashMap<>();
        sizes.forEach((variant, n) -> {
            if (n == 0) return;
            long[] sorted = Arrays.copyOf(samples.get(variant), n);
            Arrays.sort(sorted);
            out.put(variant, sorted[Math.min(n - 1, (int) Math.ceil(0.99 * n) - 1)] / 1e6);
        });
        return out;
    }
}
