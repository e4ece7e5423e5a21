package dev.eddy.events.readers;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.testing.LineMutations;
import dev.eddy.events.testing.SharedData;
import dev.eddy.events.testing.SharedDataRequired;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Open Bandit readers on mutations of real log lines (shared/data/open-bandit-men; skipped without it) and
 * random text: the file reader turns every data line into an event or a bad record with its line number and a
 * reason, the counts adding up to the lines; the line parser (the Flink file source's) parses a line or throws its
 * documented InvalidEventException with a reason; neither lets another exception out nor names a Java type.
 */
@AddLifecycleHook(SharedDataRequired.class)
class OpenBanditFuzzTest {
    private static final String[] TOKENS = {"", "-1", "0", "1e999", "NaN", "\"", "\"\"", "99999999999999999999",
            "2019-13-45 99:99:99+00:00", "x", ",", "-0.5", "\"a,b\""};

    private Path dir;
    private String header;
    private List<String> seeds;
    private ObdLineParser parser;
    private List<Candidate> items;

    @BeforeProperty
    void data() throws Exception {
        Path log = SharedData.path("open-bandit-men/random/men.csv");
        List<String> lines = new ArrayList<>();
        try (var in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            header = in.readLine();
            for (String l = in.readLine(); l != null && lines.size() < 500; l = in.readLine()) lines.add(l);
        }
        seeds = lines;
        dir = Files.createTempDirectory("obd-fuzz").resolve("random");
        Files.createDirectories(dir);
        Files.copy(log.resolveSibling(OpenBanditReader.ITEM_CONTEXT_FILE), dir.resolve(OpenBanditReader.ITEM_CONTEXT_FILE));
        items = OpenBanditReader.readItems(dir.resolve(OpenBanditReader.ITEM_CONTEXT_FILE));
        parser = new ObdLineParser(header, items, "random", "men");
    }

    @Property(tries = 10_000, seed = "16", shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void everyLineIsReadOrReportedWithItsReason(@ForAll("logs") List<String> lines) throws Exception {
        Path file = dir.resolve("men.csv");
        Files.writeString(file, header + "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        // readLog's path without re-reading the items each try: the rows, then the events of the rows.
        ReadResult<ObdRow> rows = OpenBanditReader.readRows(file);
        ReadResult<LoggedEvent> read = OpenBanditReader.events(new ObdLog("men", "random", items, rows.events(),
                rows.problems()));
        long nonBlank = lines.stream().filter(l -> !l.isEmpty()).count();
        assertThat((long) read.events().size() + read.problems().size()).as(String.join("\n", lines)).isEqualTo(nonBlank);
        for (BadRecord p : read.problems()) {
            assertThat(p.reason()).as(p.raw()).isNotBlank().doesNotContain("java.", "Exception", "org.apache");
            assertThat(p.lineNumber()).isBetween(2L, lines.size() + 1L);
        }
        for (int i = 0; i < lines.size(); i++) {
            try {
                assertThat(parser.parse(i + 2, lines.get(i))).isNotNull();
            } catch (InvalidEventException e) {
                assertThat(e.getMessage()).as(lines.get(i)).isNotBlank().doesNotContain("java.", "Exception", "org.apache");
            }
        }
    }

    @Provide
    Arbitrary<List<String>> logs() {
        return Arbitraries.randomValue(r -> {
            List<String> lines = new ArrayList<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                String seed = seeds.get(r.nextInt(seeds.size()));
                int kind = r.nextInt(10);
                lines.add(kind == 0 ? LineMutations.randomLine(r, 200) : kind == 1 ? seed : mutate(seed, r));
            }
            return lines;
        }).withoutEdgeCases();
    }

    /** Characters flipped, dropped or inserted, a line cut short, a field replaced by a token of another kind. */
    static String mutate(String line, Random r) {
        return LineMutations.mutate(line, r, 3, ",\"0 .-e:", (s, at, rr) -> {
            int a = s.indexOf(",", at);
            int b = a < 0 ? -1 : s.indexOf(",", a + 1);
            if (b > a) s.replace(a + 1, b, TOKENS[rr.nextInt(TOKENS.length)]);
        });
    }
}
