package dev.eddy.events.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DecisionWriterTest {

    private static final String[] STRINGS = {"a", "", "u\"1", "line\nbreak", "tab\t\\", "é中😀", "\u0001ctl", "i12345",
            "segment=3", "</script>"};
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, 1e-7, 1e21, 123456.789, 0.30000001192092896,
            Double.MIN_VALUE, Double.MAX_VALUE, -2.5, 1.0 / 3};

    @Test
    void writesTheSameBytesAsTheMapper() {
        SplittableRandom r = new SplittableRandom(42);
        for (int n = 0; n < 500; n++) {
            Decision d = randomDecision(r);
            byte[] expected = mapperBytes(d);
            assertThat(new String(EventJson.write(d), StandardCharsets.UTF_8)).as("decision " + n)
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aWrittenDecisionReadsBackEqual() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        for (int n = 0; n < 50; n++) {
            Decision d = validDecision(r);
            assertThat(EventJson.parseDecision(EventJson.write(d))).isEqualTo(d);
        }
    }

    private static byte[] mapperBytes(Decision d) {
        try {
            return EventJson.mapper().writeValueAsBytes(d);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Decision randomDecision(SplittableRandom r) {
        int n = 1 + r.nextInt(30);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            candidates.add(new Candidate(r.nextInt(10) == 0 ? null : pick(r), r.nextBoolean() ? features(r) : null));
        }
        List<Integer> chosen = new ArrayList<>();
        List<Double> probabilities = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(3); i++) {
            chosen.add(r.nextInt(20) == 0 ? null : r.nextInt(n));
            probabilities.add(r.nextInt(20) == 0 ? null : number(r));
        }
        List<Double> distribution = null;
        if (r.nextBoolean()) {
            distribution = new ArrayList<>();
            for (int i = 0; i < n; i++) distribution.add(number(r));
        }
        return Decision.builder().eventId(maybe(r, pick(r)))
                .timestamp(r.nextInt(8) == 0 ? null : Instant.ofEpochSecond(1_700_000_000L + r.nextInt(1 << 20),
                        r.nextInt(4) == 0 ? 0 : r.nextInt(4) == 0 ? 120_000_000 : r.nextInt(1_000_000_000)))
                .userId(maybe(r, pick(r))).sessionId(maybe(r, pick(r)))
                .step(r.nextBoolean() ? null : r.nextInt(-3, 1000)).experimentId(maybe(r, pick(r)))
                .variant(maybe(r, pick(r))).policy(maybe(r, pick(r)))
                .modelVersion(r.nextBoolean() ? null : r.nextLong()).context(r.nextBoolean() ? features(r) : null)
                .candidates(candidates).chosen(chosen).probabilities(probabilities).distribution(distribution)
                .weight(r.nextBoolean() ? null : number(r)).skipLearn(r.nextBoolean() ? null : r.nextBoolean())
                .latencyMs(r.nextBoolean() ? null : number(r)).build();
    }

    private static Decision validDecision(SplittableRandom r) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Map<String, Double>> f = new LinkedHashMap<>();
            f.put("item", Map.of("i" + i, 1.0));
            f.put("mf", Map.of("score", (double) (float) r.nextDouble()));
            candidates.add(new Candidate("i" + i, f));
        }
        return Decision.builder().eventId("e" + r.nextInt(1000)).timestamp(Instant.ofEpochMilli(1_765_000_000_000L))
                .userId("u1").policy("neucb").modelVersion(3L).context(Map.of("user", Map.of("segment=1", 1.0)))
                .candidates(candidates).chosen(List.of(2, 0)).probabilities(List.of(0.5, 0.25))
                .distribution(Arrays.asList(0.1, 0.2, 0.5, 0.1, 0.1)).latencyMs(0.75).build();
    }

    private static Map<String, Map<String, Double>> features(SplittableRandom r) {
        Map<String, Map<String, Double>> out = switch (r.nextInt(3)) {
            case 0 -> new LinkedHashMap<>();
            case 1 -> new TreeMap<>();
            default -> new HashMap<>();
        };
        for (int ns = 0; ns < r.nextInt(4); ns++) {
            if (r.nextInt(10) == 0) {
                out.put(pick(r) + ns, null);
                continue;
            }
            Map<String, Double> named = new LinkedHashMap<>();
            for (int f = 0; f < r.nextInt(4); f++) named.put(pick(r) + f, r.nextInt(10) == 0 ? null : number(r));
            out.put(pick(r) + ns, named);
        }
        return out;
    }

    private static double number(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> SPECIAL[r.nextInt(SPECIAL.length)];
            case 1 -> (float) r.nextDouble();
            default -> r.nextDouble(-1e6, 1e6);
        };
    }

    private static String pick(SplittableRandom r) {
        return STRINGS[r.nextInt(STRINGS.length)];
    }

    private static String maybe(SplittableRandom r, String s) {
        return r.nextInt(4) == 0 ? null : s;
    }
}
