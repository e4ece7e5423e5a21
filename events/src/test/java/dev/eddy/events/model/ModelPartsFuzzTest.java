package dev.eddy.events.model;

import dev.eddy.events.testing.JsonMutations;
import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every reader of {@code eddy.models} does with a record (ModelTopicReader, serving's model follower):
 * parse it as a model part, feed it to a ModelAssembler. On the records of a real version with some of them mutated
 * (bytes flipped, inserted, cut) or replaced by random bytes, each record is either unreadable with a reason
 * (InvalidEventException, counted by the readers) or a part the assembler takes; the assembler never throws, which
 * would stop the follower's poll loop, and the counts add up to the records.
 */
class ModelPartsFuzzTest {

    @Property(tries = 10_000, seed = "16", shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void everyRecordIsAPartOrUnreadableWithItsReason(@ForAll("topics") List<byte[]> records) {
        ModelAssembler assembler = new ModelAssembler();
        int parts = 0;
        int unreadable = 0;
        for (byte[] value : records) {
            try {
                assembler.accept(EventJson.parseModelPart(value));
                parts++;
            } catch (InvalidEventException e) {
                unreadable++;
                assertThat(e.getMessage()).isNotBlank().doesNotContain("java.", "com.fasterxml", "JsonToken");
            }
        }
        assertThat(parts + unreadable).isEqualTo(records.size());
        for (ModelAssembler.Rejected r : assembler.rejected()) assertThat(r.reason()).isNotBlank();
    }

    @Provide
    Arbitrary<List<byte[]>> topics() {
        return Arbitraries.randomValue(r -> {
            EmbeddingRows.Encoded e = EmbeddingRows.encode("recs", 7, 6, 2,
                    new EmbeddingRows.Changes(List.of("u0", "u1"), new float[] {1, 2, 3, 4}, List.of()),
                    new EmbeddingRows.Changes(List.of("i0"), new float[] {5, 6}, List.of("i9")), 2, 1, 16);
            List<byte[]> records = new ArrayList<>();
            for (ModelBlock b : e.blocks()) records.add(EventJson.write(b));
            records.add(EventJson.write(new ModelManifest("recs", 7, Instant.EPOCH, "mf", Map.of(), e.params(),
                    e.blocks().size(), ModelAssembler.sha256(e.blocks()))));
            for (int n = 1 + r.nextInt(3); n > 0; n--) {
                int i = r.nextInt(records.size());
                records.set(i, r.nextInt(5) == 0 ? random(r) : mutate(records.get(i), r));
            }
            java.util.Collections.shuffle(records, r);
            return records;
        }).withoutEdgeCases();
    }

    private static byte[] random(Random r) {
        byte[] b = new byte[r.nextInt(200)];
        r.nextBytes(b);
        return b;
    }

    private static final String[] TOKENS = {"null", "-1", "0", "1e999", "\"\"", "{}", "[]", "true", "\"x\"",
            "99999999999999999999", "2147483648", "\"AAAA\""};

    private static byte[] mutate(byte[] v, Random r) {
        if (v.length == 0) return v;
        return JsonMutations.mutate(new String(v, StandardCharsets.UTF_8), r, TOKENS).getBytes(StandardCharsets.UTF_8);
    }
}
