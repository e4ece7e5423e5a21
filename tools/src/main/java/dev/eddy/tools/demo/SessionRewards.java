package dev.eddy.tools.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session experiment's session-level reward per variant: clicks per finished session over the whole run and over
 * the last {@code window} sessions (a ring buffer), from the simulator's ground truth.
 */
public final class SessionRewards {

    /** One variant's sessions, steps and clicks, and the clicks per session of its last sessions. */
    public record Stat(long sessions, long steps, long clicks, double recentPerSession, int recentSessions) {
        public double perSession() {
            return sessions == 0 ? 0.0 : (double) clicks / sessions;
        }
    }

    private final int window;
    private final Map<String, Ring> byVariant = new LinkedHashMap<>();

    public SessionRewards(int window) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1");
        this.window = window;
    }

    /** A finished session: how many steps it lasted and how many of them the user clicked. */
    public synchronized void add(String variant, int steps, int clicks) {
        byVariant.computeIfAbsent(variant, v -> new Ring(window)).add(steps, clicks);
    }

    public synchronized Map<String, Stat> snapshot() {
        Map<String, Stat> out = new LinkedHashMap<>();
        byVariant.forEach((v, r) -> out.put(v, r.stat()));
        return out;
    }

    private static final class Ring {
        final int[] last;
        int next;
        int filled;
        long recentClicks;
        long sessions;
        long steps;
        long clicks;

        Ring(int size) {
            last = new int[size];
        }

        void add(int sessionSteps, int sessionClicks) {
            if (filled == last.length) recentClicks -= last[next];
            last[next] = sessionClicks;
            recentClicks += sessionClicks;
            next = (next + 1) % last.length;
            filled = Math.min(last.length, filled + 1);
            sessions++;
            steps += sessionSteps;
            clicks += sessionClicks;
        }

        Stat stat() {
            return new Stat(sessions, steps, clicks, filled == 0 ? 0.0 : (double) recentClicks / filled, filled);
        }
    }
}
