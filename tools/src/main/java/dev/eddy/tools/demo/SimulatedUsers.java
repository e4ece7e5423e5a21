package dev.eddy.tools.demo;

import dev.eddy.events.event.Candidate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's simulated environment. Users belong to one of a few segments (the only thing a policy sees of them);
 * each has a latent click probability per item category: its segment's taste (one loved category, one liked, the
 * rest rarely clicked) blurred by a personal, seeded deviation. Items have a category and a hidden quality factor.
 * Clicks are Bernoulli draws (noisy), plus a small rate of accidental clicks on anything. Every {@code driftEvery}
 * the segments' tastes rotate by one category, so a policy that stopped learning would fall back towards uniform.
 */
public final class SimulatedUsers {

    static final String[] SEGMENTS = {"sports", "fashion", "tech", "home"};
    static final String[] CATEGORIES = {"shoes", "phones", "sofas", "bikes", "jackets"};
    static final int USERS = 100;
    static final int ITEMS = 40;
    static final int CANDIDATES = 5;
    private static final double LOVED = 0.45;
    private static final double LIKED = 0.18;
    private static final double OTHER = 0.03;
    private static final double ACCIDENTAL = 0.01;

    /** A user as a policy sees it: an id and a segment. */
    public record User(String id, int segment) {}

    /** What was shown: the candidates and, for each, the item it is. */
    public record Slate(List<Candidate> candidates, int[] items) {}

    private final int[] segmentOf = new int[USERS];
    private final double[][] personal = new double[USERS][CATEGORIES.length];
    private final int[] lovedBySegment = new int[SEGMENTS.length];
    private final int[] likedBySegment = new int[SEGMENTS.length];
    private final double[] quality = new double[ITEMS];
    private final long driftEveryMs;

    public SimulatedUsers(long seed, long driftEveryMs) {
        Random r = new Random(seed);
        this.driftEveryMs = driftEveryMs;
        for (int s = 0; s < SEGMENTS.length; s++) {
            lovedBySegment[s] = r.nextInt(CATEGORIES.length);
            likedBySegment[s] = (lovedBySegment[s] + 1 + r.nextInt(CATEGORIES.length - 1)) % CATEGORIES.length;
        }
        for (int u = 0; u < USERS; u++) {
            segmentOf[u] = r.nextInt(SEGMENTS.length);
            for (int c = 0; c < CATEGORIES.length; c++) personal[u][c] = 0.7 + 0.6 * r.nextDouble();
        }
        for (int i = 0; i < ITEMS; i++) quality[i] = 0.8 + 0.4 * r.nextDouble();
    }

    public User user(Random r) {
        int u = r.nextInt(USERS);
        return new User("user-" + u, segmentOf[u]);
    }

    /** The decision's context: the user's segment only (the latent taste stays hidden). */
    public Map<String, Map<String, Double>> context(User user) {
        return Map.of("user", Map.of("segment=" + SEGMENTS[user.segment()], 1.0));
    }

    /** {@link #CANDIDATES} distinct items drawn at random, as candidates with their category and price features. */
    public Slate slate(Random r) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) all.add(i);
        Collections.shuffle(all, r);
        List<Candidate> candidates = new ArrayList<>();
        int[] items = new int[CANDIDATES];
        for (int k = 0; k < CANDIDATES; k++) {
            int item = all.get(k);
            items[k] = item;
            candidates.add(new Candidate("item-" + item, Map.of("item", Map.of(
                    "category=" + CATEGORIES[category(item)], 1.0, "price", (item % 7) / 7.0))));
        }
        return new Slate(candidates, items);
    }

    /** How many times the tastes have drifted by {@code elapsedMs} into the run. */
    public long drifts(long elapsedMs) {
        return driftEveryMs <= 0 ? 0 : elapsedMs / driftEveryMs;
    }

    /** The chance that {@code user} clicks {@code item}, {@code elapsedMs} into the run. */
    public double clickProbability(User user, int item, long elapsedMs) {
        int u = Integer.parseInt(user.id().substring("user-".length()));
        int shift = (int) (drifts(elapsedMs) % CATEGORIES.length);
        int c = category(item);
        int s = user.segment();
        double taste = c == (lovedBySegment[s] + shift) % CATEGORIES.length ? LOVED
                : c == (likedBySegment[s] + shift) % CATEGORIES.length ? LIKED : OTHER;
        return Math.min(1.0, ACCIDENTAL + taste * personal[u][c] * quality[item]);
    }

    /** Whether the user clicks: the noisy outcome of {@link #clickProbability}. */
    public boolean clicks(User user, int item, long elapsedMs, Random r) {
        return r.nextDouble() < clickProbability(user, item, elapsedMs);
    }

    private static int category(int item) {
        return item % CATEGORIES.length;
    }
}
