package dev.eddy.tools.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long the loop takes to react to a taste drift, in its three stages: from the drift instant to (a) the first
 * example of the learned variant decided after the drift becoming readable in the examples topic (committed: the
 * learner reads it then), (b) the first version of its model published after that (its manifest's creation time:
 * the learner had read the example by then), (c) serving swapping to that version. Until (c) serving ranks with a
 * model of the world before the drift.
 */
public final class DriftLag {

    /** One drift's stages; a stage not reached before the run ended is null. */
    public record Stages(int drift, Instant at, Duration example, Duration published, Duration served, Long version) {}

    /** One loaded version of the model: its manifest's creation time and when serving swapped to it. */
    public record Loaded(long version, Instant createdAt, Instant loadedAt) {}

    private final String variant;
    private final long driftEveryMs;
    private volatile Instant start;
    /** drift number → when the first example decided after it became readable. */
    private final Map<Integer, Instant> firstExample = new TreeMap<>();

    public DriftLag(String variant, long driftEveryMs) {
        this.variant = variant;
        this.driftEveryMs = driftEveryMs;
    }

    /** The run's start: drift k happens {@code k × driftEvery} after it. */
    public void started(Instant start) {
        this.start = start;
    }

    /** An example of {@code exampleVariant} decided at {@code decidedAt}, readable at {@code seenAt}. */
    public synchronized void example(String exampleVariant, Instant decidedAt, Instant seenAt) {
        Instant s = start;
        if (s == null || driftEveryMs <= 0 || !variant.equals(exampleVariant)) return;
        long ms = Duration.between(s, decidedAt).toMillis();
        if (ms < driftEveryMs) return;
        firstExample.putIfAbsent((int) (ms / driftEveryMs), seenAt);
    }

    /** Each drift before {@code end} with its stages, given the model's loaded versions (oldest first). */
    public synchronized List<Stages> stages(Instant end, List<Loaded> versions) {
        List<Stages> out = new ArrayList<>();
        Instant s = start;
        if (s == null || driftEveryMs <= 0) return out;
        for (int k = 1; !s.plusMillis(k * driftEveryMs).isAfter(end); k++) {
            Instant at = s.plusMillis(k * driftEveryMs);
            Instant example = firstExample.get(k);
            Loaded first = example == null ? null : versions.stream()
                    .filter(v -> !v.createdAt().isBefore(example)).findFirst().orElse(null);
            out.add(new Stages(k, at, since(at, example), first == null ? null : since(at, first.createdAt()),
                    first == null ? null : since(at, first.loadedAt()), first == null ? null : first.version()));
        }
        return out;
    }

    /**
     * One line per drift, e.g. {@code after drift 1: first post-drift example readable at +4.1 s, first model version
     * with it (v57) published at +4.6 s, served at +6.3 s}.
     */
    static List<String> lines(List<Stages> stages) {
        List<String> out = new ArrayList<>();
        for (Stages st : stages) {
            if (st.example() == null) {
                out.add("after drift " + st.drift() + ": no post-drift example readable before the run ended");
            } else if (st.published() == null) {
                out.add(String.format(Locale.ROOT, "after drift %d: first post-drift example readable at %s, "
                        + "no model version with it served before the run ended", st.drift(), secs(st.example())));
            } else {
                out.add(String.format(Locale.ROOT, "after drift %d: first post-drift example readable at %s, first "
                                + "model version with it (v%d) published at %s, served at %s", st.drift(),
                        secs(st.example()), st.version(), secs(st.published()), secs(st.served())));
            }
        }
        return out;
    }

    private static Duration since(Instant from, Instant to) {
        return to == null ? null : Duration.between(from, to);
    }

    private static String secs(Duration d) {
        return String.format(Locale.ROOT, "%+.1f s", d.toMillis() / 1000.0);
    }
}
