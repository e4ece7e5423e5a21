package dev.eddy.tools.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Click rate per variant in the first {@code span} after each taste drift: how a learned policy fares while the
 * world it learned is gone (the simulator's ground truth at decision time, as {@link RunningReward}).
 */
public final class AfterDrift {

    /** One variant's clicks and decisions in one drift's window. */
    public record Count(long decisions, long clicks) {
        public double rate() {
            return decisions == 0 ? Double.NaN : (double) clicks / decisions;
        }
    }

    /**
     * The window after drift {@code drift} (1-based), starting {@code startMs} into the run and observed for
     * {@code observedMs} of its span (less when the run ended inside it).
     */
    public record Window(int drift, long startMs, long observedMs, Map<String, Count> byVariant) {}

    /** A window the run ended this soon after is named, without figures (a handful of requests says nothing). */
    static final long TOO_SHORT_MS = 5_000;

    private final long driftEveryMs;
    private final long spanMs;
    /** drift number → variant → {decisions, clicks}. */
    private final Map<Integer, Map<String, long[]>> counts = new TreeMap<>();

    public AfterDrift(long driftEveryMs, long spanMs) {
        if (spanMs <= 0) throw new IllegalArgumentException("span must be > 0");
        this.driftEveryMs = driftEveryMs;
        this.spanMs = spanMs;
    }

    public long spanMs() {
        return spanMs;
    }

    /** One decision {@code elapsedMs} into the run; counted only inside a window after a drift. */
    public synchronized void add(String variant, long elapsedMs, boolean click) {
        if (driftEveryMs <= 0) return;
        int drift = (int) (elapsedMs / driftEveryMs);
        if (drift < 1 || elapsedMs - drift * driftEveryMs >= spanMs) return;
        long[] c = counts.computeIfAbsent(drift, d -> new TreeMap<>()).computeIfAbsent(variant, v -> new long[2]);
        c[0]++;
        if (click) c[1]++;
    }

    /** The windows so far, for a run that has lasted {@code elapsedMs}. */
    public synchronized List<Window> windows(long elapsedMs) {
        List<Window> out = new ArrayList<>();
        counts.forEach((drift, byVariant) -> {
            Map<String, Count> m = new TreeMap<>();
            byVariant.forEach((v, c) -> m.put(v, new Count(c[0], c[1])));
            long start = drift * driftEveryMs;
            out.add(new Window(drift, start, Math.max(0, Math.min(spanMs, elapsedMs - start)), m));
        });
        return out;
    }

    /**
     * One summary line per drift, e.g. {@code drift 1 at 60 s: neucb 0.231 vs uniform 0.152 (+52 %) in the 30 s
     * after (1,802 and 1,344 requests)}; a window the run ended inside says so.
     */
    static List<String> lines(List<Window> windows, String variant, String control, long spanMs) {
        List<String> out = new ArrayList<>();
        for (Window w : windows) {
            if (w.observedMs() < TOO_SHORT_MS) {
                out.add(String.format(Locale.ROOT, "drift %d at %d s: the run ended %d s after it", w.drift(),
                        w.startMs() / 1000, w.observedMs() / 1000));
                continue;
            }
            Count a = w.byVariant().getOrDefault(variant, new Count(0, 0));
            Count b = w.byVariant().getOrDefault(control, new Count(0, 0));
            String lift = a.decisions() == 0 || b.decisions() == 0 || b.clicks() == 0 ? "?"
                    : String.format(Locale.ROOT, "%+.0f %%", 100 * (a.rate() / b.rate() - 1));
            out.add(String.format(Locale.ROOT, "drift %d at %d s: %s %s vs %s %s (%s) in the %d s after%s (%,d and %,d requests)",
                    w.drift(), w.startMs() / 1000, variant, rate(a), control, rate(b), lift, spanMs / 1000,
                    w.observedMs() == spanMs ? "" : " (the run ended " + w.observedMs() / 1000 + " s after it)",
                    a.decisions(), b.decisions()));
        }
        return out;
    }

    private static String rate(Count c) {
        return c.decisions() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", c.rate());
    }
}
