package dev.eddy.events.model;

import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedding-rows codec on complete versions whose manifest params and block headers were mutated: the SHA-256
 * of a manifest covers the blocks' data only, so a version with a wrong dim, row offset or id length passes the
 * assembler and reaches decode. Decode returns the rows or throws its documented IllegalArgumentException with a
 * reason naming the version, never another exception nor a Java type or parser token.
 */
class EmbeddingRowsFuzzTest {
    private static final String[] VALUES = {"", "-1", "0", "1", "3", "x", "99999999999999999999", "2147483647",
            "-2147483648", "1.5", "100"};

    @Property(tries = 10_000, seed = "16", shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void aMutatedVersionDecodesOrIsRefusedWithItsReason(@ForAll("versions") ModelVersion v) {
        for (String table : List.of("users", "items")) {
            try {
                EmbeddingRows.Changes c = EmbeddingRows.decode(v, table);
                assertThat(c.rows()).hasSize(c.ids().size() * EmbeddingRows.dim(v));
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as(v.toString()).startsWith("recs/7: ")
                        .doesNotContain("java.", "For input string", "com.fasterxml", "JsonToken", "Exception");
            }
        }
    }

    @Provide
    Arbitrary<ModelVersion> versions() {
        return Arbitraries.randomValue(EmbeddingRowsFuzzTest::mutated).withoutEdgeCases();
    }

    private static ModelVersion mutated(Random r) {
        int dim = 1 + r.nextInt(3);
        int users = r.nextInt(4);
        int items = 1 + r.nextInt(4);
        EmbeddingRows.Encoded e = EmbeddingRows.encode("recs", 7, 6, dim, changes("u", users, dim, r),
                changes("i", items, dim, r), users, items, 4 * (2 + r.nextInt(8)));
        Map<String, String> params = new LinkedHashMap<>(e.params());
        List<ModelBlock> blocks = new ArrayList<>(e.blocks());
        for (int n = r.nextInt(3); n >= 0; n--) {
            if (r.nextBoolean()) {
                List<String> keys = new ArrayList<>(params.keySet());
                String k = keys.get(r.nextInt(keys.size()));
                if (r.nextInt(5) == 0) params.remove(k);
                else params.put(k, VALUES[r.nextInt(VALUES.length)]);
            } else {
                int i = r.nextInt(blocks.size());
                ModelBlock b = blocks.get(i);
                int x = r.nextInt(5) - 2 + (r.nextInt(4) == 0 ? Integer.MIN_VALUE / 2 : 0);
                blocks.set(i, switch (r.nextInt(4)) {
                    case 0 -> new ModelBlock(b.model(), b.version(), b.index(), b.name(), b.rowOffset() + x, b.rows(), b.cols(), b.data());
                    case 1 -> new ModelBlock(b.model(), b.version(), b.index(), b.name(), b.rowOffset(), b.rows() + x, b.cols(), b.data());
                    case 2 -> new ModelBlock(b.model(), b.version(), b.index(), b.name(), b.rowOffset(), b.rows(), b.cols() + x, b.data());
                    default -> new ModelBlock(b.model(), b.version(), b.index(), b.name(), b.rowOffset(), b.rows(), b.cols(),
                            java.util.Arrays.copyOf(b.data(), r.nextInt(b.data().length + 5)));
                });
            }
        }
        ModelManifest m = new ModelManifest("recs", 7, Instant.EPOCH, "mf", Map.of(), params, blocks.size(),
                ModelAssembler.sha256(blocks));
        return new ModelVersion(m, blocks);
    }

    private static EmbeddingRows.Changes changes(String prefix, int n, int dim, Random r) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(prefix + i);
        float[] rows = new float[n * dim];
        for (int i = 0; i < rows.length; i++) rows[i] = r.nextFloat();
        return new EmbeddingRows.Changes(ids, rows, r.nextBoolean() ? List.of() : List.of(prefix + "x"));
    }
}
