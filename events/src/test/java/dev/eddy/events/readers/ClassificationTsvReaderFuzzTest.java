package dev.eddy.events.readers;

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

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classification reader on mutations of the UCI sets' own rows (shared/data/classification; skipped without
 * it) and random text. Data sets are all-or-nothing: either every non-empty line is a row with finite features and
 * a label, or the read fails with the documented MalformedDataException naming a line of the file and a reason
 * without Java types; nothing else escapes.
 */
@AddLifecycleHook(SharedDataRequired.class)
class ClassificationTsvReaderFuzzTest {
    private static final String[] SETS = {"letter", "magic", "mushroom", "shuttle"};
    private static final String[] TOKENS = {"", "-1", "0", "1e39", "-1e39", "1e999", "NaN", "Infinity", "2.5",
            "99999999999999999999", "x", "\t", "0x10", "1_0", "-0"};

    private final List<String> headers = new ArrayList<>();
    private final List<List<String>> seeds = new ArrayList<>();
    private Path file;

    @BeforeProperty
    void data() throws Exception {
        for (String set : SETS) {
            try (BufferedReader in = TextInputs.open(SharedData.path("classification/" + set + "/" + set + ".tsv.gz"))) {
                headers.add(in.readLine());
                List<String> lines = new ArrayList<>();
                for (String l = in.readLine(); l != null && lines.size() < 200; l = in.readLine()) lines.add(l);
                seeds.add(lines);
            }
        }
        file = Files.createTempDirectory("tsv-fuzz").resolve("fuzz.tsv");
    }

    /** One data set's header and a few of its rows, mutated or random, as text lines. */
    record Sample(int set, List<String> lines) {}

    @Property(tries = 10_000, seed = "16", shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void everyRowIsReadOrTheFileIsRejectedWithItsLine(@ForAll("samples") Sample s) throws Exception {
        Files.writeString(file, headers.get(s.set()) + "\n" + String.join("\n", s.lines()) + "\n", StandardCharsets.UTF_8);
        long nonEmpty = s.lines().stream().filter(l -> !l.isEmpty()).count();
        ClassificationDataset d;
        try {
            d = ClassificationTsvReader.read(file);
        } catch (MalformedDataException e) {
            assertThat(e.lineNumber()).as(e.getMessage()).isBetween(2L, s.lines().size() + 1L);
            assertThat(e.getMessage()).isNotBlank().doesNotContain("java.", "Exception");
            return;
        }
        assertThat((long) d.size()).as(String.join("\n", s.lines())).isEqualTo(nonEmpty);
        for (float[] row : d.features()) {
            for (float v : row) assertThat(Float.isFinite(v)).as(String.join("\n", s.lines())).isTrue();
        }
        for (int label : d.labels()) assertThat(label).isBetween(0, d.classValues().length - 1);
    }

    @Provide
    Arbitrary<Sample> samples() {
        return Arbitraries.randomValue(r -> {
            int set = r.nextInt(SETS.length);
            List<String> lines = new ArrayList<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                List<String> rows = seeds.get(set);
                String seed = rows.get(r.nextInt(rows.size()));
                int kind = r.nextInt(10);
                lines.add(kind == 0 ? LineMutations.randomLine(r, 200) : kind < 3 ? seed : mutate(seed, r));
            }
            return new Sample(set, lines);
        }).withoutEdgeCases();
    }

    /** Characters flipped, dropped or inserted, a line cut short, a cell replaced by a token of another kind. */
    private static String mutate(String line, Random r) {
        return LineMutations.mutate(line, r, 2, "\t0.-e ", LineMutations.tabCell(TOKENS));
    }
}
