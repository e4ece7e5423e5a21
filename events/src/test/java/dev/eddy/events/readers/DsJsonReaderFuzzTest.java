package dev.eddy.events.readers;

import dev.eddy.events.testing.LineMutations;
import dev.eddy.events.testing.SharedData;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The VW DSJson reader on mutations of real log lines (VW's own test logs from shared/data/vw-dsjson when present,
 * else a line written here) and random text: every non-blank line is read as an event or reported as a bad record
 * with its line number and a reason, the counts add up to the lines, and the reader never throws.
 */
class DsJsonReaderFuzzTest {
    private static final String FALLBACK = "{\"_label_cost\":-1,\"_label_probability\":0.5,\"_label_Action\":2,"
            + "\"_labelIndex\":1,\"Timestamp\":\"2026-12-06T10:00:00.000Z\",\"Version\":\"1\",\"EventId\":\"e1\","
            + "\"a\":[2,1],\"c\":{\"user\":{\"age\":31,\"country\":\"DE\"},\"_multi\":[{\"item\":{\"id\":\"a\"}},"
            + "{\"item\":{\"id\":\"b\"}}]},\"p\":[0.5,0.5]}";
    private static final List<String> SEEDS = seeds();

    private static List<String> seeds() {
        List<String> lines = new ArrayList<>();
        try {
            Path dir = SharedData.path("vw-dsjson");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                            if (!line.isBlank() && line.length() < 20_000 && lines.size() < 500) lines.add(line);
                        }
                    }
                }
            }
        } catch (Exception absent) {
            // No shared data on this machine: the line below stands in for the real logs.
        }
        if (lines.isEmpty()) lines.add(FALLBACK);
        return lines;
    }

    @Property(tries = 10_000, seed = "16", shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void everyLineIsReadOrReportedWithItsReason(@ForAll("logs") List<String> lines) throws Exception {
        List<LoggedEvent> events = new ArrayList<>();
        List<BadRecord> problems = new ArrayList<>();
        DsJsonReader.read("fuzz.json", new BufferedReader(new StringReader(String.join("\n", lines))), events::add,
                problems::add);
        long nonBlank = lines.stream().filter(l -> !l.isBlank()).count();
        assertThat((long) events.size() + problems.size()).as(String.join("\n", lines)).isEqualTo(nonBlank);
        for (BadRecord p : problems) {
            assertThat(p.reason()).isNotBlank().doesNotContain("java.", "com.fasterxml", "JsonToken");
            assertThat(p.lineNumber()).isBetween(1L, (long) lines.size());
        }
    }

    @Provide
    Arbitrary<List<String>> logs() {
        return Arbitraries.randomValue(r -> {
            List<String> lines = new ArrayList<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                String seed = SEEDS.get(r.nextInt(SEEDS.size()));
                lines.add(r.nextInt(8) == 0 ? LineMutations.randomLine(r, 200) : mutate(seed, r));
            }
            return lines;
        }).withoutEdgeCases();
    }

    private static final String[] TOKENS = {"null", "1e999", "-1", "\"\"", "{}", "[]", "true", "NaN", "[null]",
            "99999999999999999999", "0", "\"x\"", "[{}]", "-0.5"};

    private static String mutate(String line, Random r) {
        return LineMutations.mutate(line, r, 3, "{}[]\",:0 ", (s, at, rr) -> {
            int colon = s.indexOf(":", at);
            if (colon >= 0) s.insert(colon + 1, TOKENS[rr.nextInt(TOKENS.length)] + ",\"_x\":");
        });
    }
}
