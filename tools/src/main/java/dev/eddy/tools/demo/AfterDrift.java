package dev.eddy.tools.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Click rate per variant in the first {@code span} after each taste drift: how a learned policy fares while the
 * world it learned is gone (the simulator's ground truth at decision time, as {@link RunningReward}). Besides the
 * whole span, its {@link #SLICES} equal slices: a policy that dips below the control for a while and makes up for it
 * later shows in a slice, not in the span's mean.
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
    public record Window(int drift, long startMs, long observedMs, Map<String, Count> byVariant,
                         List<Map<String, Count>> slices) {}

    /** Slices of the span (10 s each of the summary's 30 s). */
    static final int SLICES = 3;

    /** A window the run ended this soon after is named, without figures (a handful of requests says nothing). */
    static final long TOO_SHORT_MS = 5_000;

    private final long driftEveryMs;
    private final long spanMs;
    /** drift number → variant → {decisions, clicks} of the whole span, then of each slice. */
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
        long[] c = counts.computeIfAbsent(drift, d -> new TreeMap<>())
                .computeIfAbsent(variant, v -> new long[2 * (1 + SLICES)]);
        int slice = (int) ((elapsedMs - drift * driftEveryMs) * SLICES / spanMs);
        for (int at : new int[]{0, 2 * (1 + slice)}) {
            c[at]++;
            if (click) c[at + 1]++;
        }
    }

    /** The windows so far, for a run that has lasted {@code elapsedMs}. */
    public synchronized List<Window> windows(long elapsedMs) {
        List<Window> out = new ArrayList<>();
        counts.forEach((drift, byVariant) -> {
            Map<String, Count> m = new TreeMap<>();
            byVariant.forEach((v, c) -> m.put(v, new Count(c[0], c[1])));
            List<Map<String, Count>> slices = new ArrayList<>();
            for (int k = 0; k < SLICES; k++) {
                int at = 2 * (1 + k);
                Map<String, Count> slice = new TreeMap<>();
                byVariant.forEach((v, c) -> slice.put(v, new Count(c[at], c[at + 1])));
                slices.add(slice);
            }
            long start = drift * driftEveryMs;
            out.add(new Window(drift, start, Math.max(0, Math.min(spanMs, elapsedMs - start)), m, slices));
        });
        return out;
    }

    /**
     * One summary line per drift, e.g. {@code drift 1 at 60 s: neucb 0.231 vs uniform 0.152 (+52 %) in the 30 s
     * after (1,802 and 1,344 requests); by 10 s: 0.190/0.150, 0.240/0.160, 0.262/0.148}; a window the run ended
     * inside says so.
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
                    a.decisions(), b.decisions()) + slices(w, variant, control, spanMs));
        }
        return out;
    }

    /** {@code ; by 10 s: 0.190/0.150, ...}: the variant's and the control's rate in each slice ({@code -}: no requests). */
    private static String slices(Window w, String variant, String control, long spanMs) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Count> slice : w.slices()) {
            Count a = slice.getOrDefault(variant, new Count(0, 0));
            Count b = slice.getOrDefault(control, new Count(0, 0));
            parts.add(rate(a) + "/" + rate(b));
        }
        return "; by " + spanMs / SLICES / 1000 + " s: " + String.join(", ", parts);
    }

    private static String rate(Count c) {
        return c.decisions() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", c.rate());
    }
}
