package dev.eddy.tools.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How fresh published models are: for every reward, the time from its event time to the moment a
 * {@code read_committed} reader first saw a version of the model whose update count includes the example that
 * carries the reward.
 *
 * <p>Inclusion is derived from order, not guessed from time: the learner applies the examples of one partition of
 * {@code eddy.examples} in that partition's order, and a version with update count U holds exactly the first U
 * examples of that order (every example of the benchmark is learnable and of one model, in one partition). So the
 * example at position p (1-based, in the committed topic's order, which a read_committed reader sees the same way the
 * job's source does) is in the first version with U ≥ p.
 */
public final class Freshness {

    /** A version as a reader saw it: its update count and the wall-clock time it was first seen. */
    public record SeenVersion(long version, long updates, long seenAtMs) {}

    /** Latencies in ms, sorted, and how many rewards no version seen covered (yet). */
    public record Result(long[] latenciesMs, int uncovered) {
        public double percentile(double q) {
            if (latenciesMs.length == 0) return Double.NaN;
            // Nearest rank: the smallest latency with at least q of all at or below it.
            int rank = (int) Math.ceil(q * latenciesMs.length);
            return latenciesMs[Math.max(0, Math.min(latenciesMs.length - 1, rank - 1))];
        }

        public double median() {
            return percentile(0.5);
        }
    }

    private Freshness() {}

    /**
     * @param rewardTimes  event time (epoch ms) of the reward of each scored eventId
     * @param exampleOrder eventIds in the order of the committed examples topic
     * @param versions     versions in the order they were seen (update counts never decrease within one lineage)
     */
    public static Result of(Map<String, Long> rewardTimes, List<String> exampleOrder, List<SeenVersion> versions) {
        Map<String, Long> position = new HashMap<>();
        for (int i = 0; i < exampleOrder.size(); i++) position.putIfAbsent(exampleOrder.get(i), i + 1L);
        List<Long> out = new ArrayList<>();
        int uncovered = 0;
        for (var e : rewardTimes.entrySet()) {
            Long p = position.get(e.getKey());
            OptionalLong seen = p == null ? OptionalLong.empty() : firstCovering(versions, p);
            if (seen.isEmpty()) {
                uncovered++;
            } else {
                out.add(seen.getAsLong() - e.getValue());
            }
        }
        long[] sorted = out.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(sorted, uncovered);
    }

    /** When the first version with at least {@code position} updates was seen. */
    static OptionalLong firstCovering(List<SeenVersion> versions, long position) {
        // Versions are few (one per publish interval): a scan keeps this obviously right, also across a restore,
        // where a version can be seen again with the same count.
        for (SeenVersion v : versions) if (v.updates() >= position) return OptionalLong.of(v.seenAtMs());
        return OptionalLong.empty();
    }
}
