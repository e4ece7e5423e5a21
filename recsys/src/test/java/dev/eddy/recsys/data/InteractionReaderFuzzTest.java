package dev.eddy.recsys.data;

import dev.eddy.events.event.Interaction;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.readers.MalformedDataException;
import dev.eddy.events.testing.LineMutations;
import dev.eddy.events.testing.JsonMutations;
import dev.eddy.events.testing.SharedData;
import dev.eddy.events.testing.SharedDataRequired;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interaction reader on mutations of Last.fm's own lines (shared/data/lastfm; skipped without it), read as
 * Last.fm, MovieLens and CSV, and random text. Files are all-or-nothing: either every non-blank line but a header is
 * an interaction with a finite value, or the read fails with the documented MalformedDataException naming a line of
 * the file and a reason without Java types; nothing else escapes. The events format (JSON lines) the same way, on
 * those lines written as interaction events and mutated as JSON.
 */
@AddLifecycleHook(SharedDataRequired.class)
class InteractionReaderFuzzTest {
    private static final String[] TOKENS = {"", "-1", "0", "1e999", "NaN", "Infinity", "99999999999999999999",
            "9999999999999999", "x", "\t", "::", ",", "2026-13-45T99:99:99Z", "-0.5"};
    private List<String> seeds;

    @BeforeProperty
    void data() throws Exception {
        List<String> lines = Files.readAllLines(SharedData.path("lastfm/" + InteractionFormat.LASTFM_FILE), StandardCharsets.UTF_8);
        seeds = lines.subList(1, Math.min(lines.size(), 500));
    }

    @Property(tries = 10_000, seed = "16", shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void everyLineIsReadOrTheFileIsRejectedWithItsLine(@ForAll("files") List<String> lines) throws Exception {
        long nonBlank = lines.stream().filter(l -> !l.isBlank()).count();
        for (InteractionFormat format : List.of(InteractionFormat.LASTFM, InteractionFormat.MOVIELENS, InteractionFormat.CSV)) {
            List<Interaction> read;
            try {
                read = InteractionReader.read(new BufferedReader(new StringReader(String.join("\n", lines))), "in", format);
            } catch (MalformedDataException e) {
                assertThat(e.lineNumber()).as(e.getMessage()).isBetween(0L, (long) lines.size());
                assertThat(e.getMessage()).isNotBlank().doesNotContain("java.", "Exception", "For input string");
                continue;
            }
            // A header on the first line is the one line that is neither an interaction nor an error.
            assertThat((long) read.size()).as(format + ": " + String.join("\n", lines)).isBetween(nonBlank - 1, nonBlank);
            for (Interaction i : read) assertThat(Double.isFinite(i.value())).as(i.toString()).isTrue();
        }
    }

    /** The events format (JSON lines): Last.fm's lines written as interaction events, mutated as JSON. */
    @Property(tries = 10_000, seed = "16", shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void everyEventLineIsReadOrTheFileIsRejectedWithItsLine(@ForAll("eventFiles") List<String> lines) throws Exception {
        long nonBlank = lines.stream().filter(l -> !l.isBlank()).count();
        List<Interaction> read;
        try {
            read = InteractionReader.read(new BufferedReader(new StringReader(String.join("\n", lines))), "in",
                    InteractionFormat.EVENTS);
        } catch (MalformedDataException e) {
            assertThat(e.lineNumber()).as(e.getMessage()).isBetween(0L, (long) lines.size());
            assertThat(e.getMessage()).isNotBlank().doesNotContain("java.", "Exception", "For input string", "JsonToken");
            return;
        }
        assertThat((long) read.size()).as(String.join("\n", lines)).isEqualTo(nonBlank);
        for (Interaction i : read) {
            assertThat(Double.isFinite(i.value())).as(i.toString()).isTrue();
            assertThat(i.userId()).as(i.toString()).isNotBlank();
            assertThat(i.itemId()).as(i.toString()).isNotBlank();
            assertThat(i.timestamp()).as(i.toString()).isNotNull();
        }
    }

    @Provide
    Arbitrary<List<String>> eventFiles() {
        return Arbitraries.randomValue(r -> {
            List<String> lines = new ArrayList<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                String[] cells = seeds.get(r.nextInt(seeds.size())).split("\t", -1);
                String event = EventJson.writeString(new Interaction(i % 2 == 0 ? "e" + i : null,
                        Instant.ofEpochSecond(1_780_000_000L + r.nextInt(1_000_000)), cells[0], cells[1], "play",
                        Double.parseDouble(cells[2])));
                int kind = r.nextInt(10);
                lines.add(kind == 0 ? LineMutations.randomLine(r, 100) : kind < 3 ? event : mutateJson(event, r));
            }
            return lines;
        }).withoutEdgeCases();
    }

    private static final String[] JSON_TOKENS = {"null", "-1", "0", "1e999", "-1e999", "\"\"", "{}", "[]", "true",
            "\"x\"", "99999999999999999999", "NaN", "\"NaN\"", "\"2026-13-45T99:99:99Z\"", "\"\\u0000\""};

    private static String mutateJson(String line, Random r) {
        String s = line;
        for (int n = 1 + r.nextInt(2); n > 0 && !s.isEmpty(); n--) s = JsonMutations.mutate(s, r, JSON_TOKENS);
        // One event per line: a mutation that inserts a line break would make two lines of one.
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    @Provide
    Arbitrary<List<String>> files() {
        return Arbitraries.randomValue(r -> {
            List<String> lines = new ArrayList<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                String seed = seeds.get(r.nextInt(seeds.size()));
                int kind = r.nextInt(10);
                lines.add(kind == 0 ? LineMutations.randomLine(r, 100) : kind < 3 ? seed : mutate(seed, r));
            }
            return lines;
        }).withoutEdgeCases();
    }

    private static String mutate(String line, Random r) {
        return LineMutations.mutate(line, r, 2, "\t0.-e:,", LineMutations.tabCell(TOKENS));
    }
}
