package dev.eddy.tools.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded {@code POST /v1/rank} bodies: a user drawn uniformly from the population with its segment as context, k,
 * the experiment when one is given, and optionally N distinct candidates from the catalogue with their item feature.
 * Candidate lists are drawn up front into a pool and reused, so that building a body on the generator's scheduling
 * thread costs a copy, not N random draws and a few kilobytes of string building per request. Not thread-safe.
 */
public final class RankBodies {
    /** How many different candidate lists a run cycles through. */
    static final int CANDIDATE_POOL = 256;

    private final SyntheticPopulation population;
    private final int k;
    private final String experiment;
    private final byte[][] candidateLists;
    private final SplittableRandom random;

    public RankBodies(SyntheticPopulation population, int k, int candidates, String experiment, long seed) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, was " + k);
        if (candidates < 0 || candidates > population.items()) {
            throw new IllegalArgumentException("candidates must be in 0.." + population.items() + ", was " + candidates);
        }
        this.population = population;
        this.k = k;
        this.experiment = experiment;
        this.random = new SplittableRandom(seed);
        this.candidateLists = candidates == 0 ? null : candidateLists(candidates);
    }

    public byte[] next() {
        int user = random.nextInt(population.users());
        StringBuilder head = new StringBuilder(128)
                .append("{\"userId\":\"").append(population.userId(user))
                .append("\",\"context\":{\"user\":{\"").append(population.segmentFeature(user)).append("\":1.0}}")
                .append(",\"k\":").append(k);
        if (experiment != null) head.append(",\"experimentId\":\"").append(experiment).append('"');
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] c = candidateLists == null ? new byte[0] : candidateLists[random.nextInt(candidateLists.length)];
        byte[] body = new byte[h.length + c.length + 1];
        System.arraycopy(h, 0, body, 0, h.length);
        System.arraycopy(c, 0, body, h.length, c.length);
        body[body.length - 1] = '}';
        return body;
    }

    private byte[][] candidateLists(int n) {
        byte[][] out = new byte[CANDIDATE_POOL][];
        for (int l = 0; l < out.length; l++) {
            StringBuilder s = new StringBuilder(n * 48).append(",\"candidates\":[");
            int[] items = distinct(n);
            for (int j = 0; j < items.length; j++) {
                String id = population.itemId(items[j]);
                if (j > 0) s.append(',');
                s.append("{\"id\":\"").append(id).append("\",\"features\":{\"item\":{\"").append(id).append("\":1.0}}}");
            }
            out[l] = s.append(']').toString().getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** n distinct item indices: a partial Fisher-Yates shuffle when n is a large share, rejection otherwise. */
    private int[] distinct(int n) {
        int items = population.items();
        if (n * 4L > items) {
            int[] all = new int[items];
            for (int i = 0; i < items; i++) all[i] = i;
            for (int i = 0; i < n; i++) {
                int j = i + random.nextInt(items - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            return Arrays.copyOf(all, n);
        }
        Set<Integer> seen = new LinkedHashSet<>();
        while (seen.size() < n) seen.add(random.nextInt(items));
        return seen.stream().mapToInt(Integer::intValue).toArray();
    }
}
