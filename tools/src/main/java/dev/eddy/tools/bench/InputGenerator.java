package dev.eddy.tools.bench;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Reward;
import dev.eddy.tools.bench.JoinBenchmark.Options;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.eddy.tools.bench.JoinBenchmark.DECISION_SPACING_MS;
import static dev.eddy.tools.bench.JoinBenchmark.WINDOW;

/** Deterministic, realistic-looking decisions: a few context features, candidates with a few features each. */
final class InputGenerator {
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "ES", "IT", "NL", "PL"};
    private static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    private static final String[] CATEGORIES = {"books", "music", "garden", "toys", "sports", "food", "tech"};

    private final Options options;
    private final long t0;
    private final SplittableRandom random = new SplittableRandom(42);
    private final long maxDelayMs = WINDOW.toMillis() / 2;

    InputGenerator(Options options, Instant first) {
        this.options = options;
        this.t0 = first.toEpochMilli();
    }

    long time(long i) {
        return t0 + i * DECISION_SPACING_MS;
    }

    Decision decision(int i) {
        int k = options.candidates();
        List<Candidate> candidates = new ArrayList<>(k);
        List<Double> distribution = new ArrayList<>(k);
        double best = 0.5 + 0.5 / k;
        double rest = k == 1 ? 0 : (1 - best) / (k - 1);
        for (int c = 0; c < k; c++) {
            Map<String, Double> item = new LinkedHashMap<>();
            item.put("category=" + CATEGORIES[random.nextInt(CATEGORIES.length)], 1.0);
            item.put("price", round(random.nextDouble() * 100));
            item.put("popularity", round(random.nextDouble()));
            candidates.add(new Candidate("item-" + random.nextInt(50_000), Map.of("item", item)));
            distribution.add(k == 1 ? 1.0 : c == 0 ? best : rest);
        }
        int chosen = k == 1 || random.nextDouble() < best ? 0 : 1 + random.nextInt(k - 1);
        Map<String, Double> user = new LinkedHashMap<>();
        user.put("country=" + COUNTRIES[random.nextInt(COUNTRIES.length)], 1.0);
        user.put("device=" + DEVICES[random.nextInt(DEVICES.length)], 1.0);
        user.put("age", round(random.nextDouble()));
        Map<String, Map<String, Double>> context = new LinkedHashMap<>();
        context.put("user", user);
        context.put("time", Map.of("hour=" + (i / 3_600_000 + 9) % 24, 1.0));
        String variant = (i & 1) == 0 ? "A" : "B";
        return Decision.builder().eventId(String.format(Locale.ROOT, "d-%010d", i)).timestamp(Instant.ofEpochMilli(time(i)))
                .userId("user-" + random.nextInt(200_000)).experimentId("exp-1").variant(variant).policy("neucb")
                .modelVersion(7L).context(context).candidates(candidates).chosen(List.of(chosen))
                .probabilities(List.of(distribution.get(chosen))).distribution(distribution).build();
    }

    /** A decision like the others but with its own id ("w-…") and event time: one that waits (never joined). */
    Decision waiting(int i, Instant at) {
        Decision d = decision(i);
        return d.toBuilder().eventId(String.format(Locale.ROOT, "w-%010d", i)).timestamp(at).build();
    }

    /** A reward for {@code d} with probability rewardRate, 50 ms to half a window after it; else null. */
    Reward reward(Decision d) {
        if (random.nextDouble() >= options.rewardRate()) return null;
        long delay = 50 + random.nextLong(maxDelayMs - 50);
        return new Reward(d.eventId(), d.timestamp().plusMillis(delay), round(random.nextDouble() * 2), null,
                "click", null);
    }

    Decision sentinel(String id, Instant at) {
        return Decision.builder().eventId(id).timestamp(at).policy("sentinel").context(Map.of())
                .candidates(List.of(Candidate.of("none"))).chosen(List.of(0)).probabilities(List.of(1.0)).skipLearn(true)
                .build();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
