package dev.eddy.tools.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Click rate per variant: overall, and over the last {@code window} decisions (a ring buffer), so that the live lines
 * show how the learned policy improves and how it dips and recovers after a drift. Outcomes are the simulator's
 * ground truth at decision time, also for the clicks whose reward is sent late or not yet.
 */
public final class RunningReward {

    /** One variant's counts. */
    public record Stat(long decisions, long clicks, double recentRate, int recentDecisions) {
        public double rate() {
            return decisions == 0 ? 0.0 : (double) clicks / decisions;
        }
    }

    private final int window;
    private final Map<String, Ring> byVariant = new LinkedHashMap<>();

    public RunningReward(int window) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1");
        this.window = window;
    }

    public synchronized void add(String variant, boolean click) {
        byVariant.computeIfAbsent(variant, v -> new Ring(window)).add(click);
    }

    public synchronized Map<String, Stat> snapshot() {
        Map<String, Stat> out = new LinkedHashMap<>();
        byVariant.forEach((v, r) -> out.put(v, r.stat()));
        return out;
    }

    private static final class Ring {
        final boolean[] last;
        int next;
        int filled;
        int recentClicks;
        long decisions;
        long clicks;

        Ring(int size) {
            last = new boolean[size];
        }

        void add(boolean click) {
            if (filled == last.length && last[next]) recentClicks--;
            last[next] = click;
            if (click) recentClicks++;
            next = (next + 1) % last.length;
            filled = Math.min(last.length, filled + 1);
            decisions++;
            if (click) clicks++;
        }

        Stat stat() {
            return new Stat(decisions, clicks, filled == 0 ? 0.0 : (double) recentClicks / filled, filled);
        }
    }
}
