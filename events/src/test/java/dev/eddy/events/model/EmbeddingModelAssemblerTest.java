package dev.eddy.events.model;

import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.json.EventJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingModelAssemblerTest {
    private static final int DIM = 3;

    private static List<ModelPart> version(long v, long base, EmbeddingRows.Changes users, EmbeddingRows.Changes items,
                                           int totalUsers, int totalItems) {
        // 16-byte blocks: every id list and table is cut into several blocks, so chunking is exercised too.
        EmbeddingRows.Encoded e = EmbeddingRows.encode("recs", v, base, DIM, users, items, totalUsers, totalItems, 16);
        List<ModelPart> parts = new ArrayList<>(e.blocks());
        parts.add(new ModelManifest("recs", v, Instant.EPOCH, "mf", Map.of(), e.params(), e.blocks().size(),
                ModelAssembler.sha256(e.blocks())));
        return parts;
    }

    private static List<ModelVersion> assembleParts(List<ModelPart> parts) {
        ModelAssembler a = new ModelAssembler();
        List<ModelVersion> out = new ArrayList<>();
        for (ModelPart p : parts) {
            // Through JSON, as from the topic.
            Optional<ModelVersion> v = a.accept(parse(EventJson.write(p)));
            v.ifPresent(out::add);
        }
        assertThat(a.rejected()).isEmpty();
        return out;
    }

    private static ModelPart parse(byte[] json) {
        try {
            return EventJson.parseModelPart(json);
        } catch (dev.eddy.events.json.InvalidEventException e) {
            throw new AssertionError(e);
        }
    }

    private static float[] rows(float... v) {
        return v;
    }

    @Test
    void aDeltaOnItsBaseGivesTheFullTables() {
        List<ModelPart> parts = new ArrayList<>(version(1, 0,
                new EmbeddingRows.Changes(List.of("u1", "u2"), rows(1, 2, 3, 4, 5, 6), List.of()),
                new EmbeddingRows.Changes(List.of("i1", "i2", "i\"3"), rows(7, 8, 9, 10, 11, 12, -0f, 0f, Float.MIN_VALUE), List.of()),
                2, 3));
        // Version 2: u2 changes, u3 is new, u1 is gone; i2 changes, the rest are not resent.
        List<ModelPart> second = version(2, 1,
                new EmbeddingRows.Changes(List.of("u2", "u3"), rows(40, 50, 60, 70, 80, 90), List.of("u1")),
                new EmbeddingRows.Changes(List.of("i2"), rows(100, 110, 120), List.of()),
                2, 3);
        Collections.reverse(second); // manifest first: the assembler waits for the blocks
        parts.addAll(second);
        List<ModelVersion> versions = assembleParts(parts);
        assertThat(versions).extracting(ModelVersion::version).containsExactly(1L, 2L);

        EmbeddingModel m = EmbeddingModelAssembler.assemble(versions).get("recs");
        assertThat(m.version()).isEqualTo(2);
        assertThat(m.users().keySet()).containsExactlyInAnyOrder("u2", "u3");
        assertThat(m.users().get("u2")).containsExactly(40, 50, 60);
        assertThat(m.users().get("u3")).containsExactly(70, 80, 90);
        assertThat(m.items().get("i1")).containsExactly(7, 8, 9);
        assertThat(m.items().get("i2")).containsExactly(100, 110, 120);
        assertThat(Float.floatToRawIntBits(m.items().get("i\"3")[0])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(m.items().get("i\"3")[2]).isEqualTo(Float.MIN_VALUE);
        assertThat(m.score("u2", "i1")).isEqualTo(40 * 7 + 50 * 8 + 60 * 9);
    }

    @Test
    void aDeltaWithoutItsBaseIsRefused() {
        List<ModelVersion> v = assembleParts(version(5, 4,
                new EmbeddingRows.Changes(List.of("u"), rows(1, 2, 3), List.of()),
                new EmbeddingRows.Changes(List.of(), new float[0], List.of()), 1, 0));
        EmbeddingModelAssembler a = new EmbeddingModelAssembler();
        assertThatThrownBy(() -> a.apply(v.get(0))).hasMessageContaining("delta on version 4")
                .hasMessageContaining("assembled version is none");
        assertThat(a.latest("recs")).isEmpty();
    }

    @Test
    void aSizeThatDisagreesWithTheManifestIsRefused() {
        List<ModelVersion> v = assembleParts(version(1, 0,
                new EmbeddingRows.Changes(List.of("u"), rows(1, 2, 3), List.of()),
                new EmbeddingRows.Changes(List.of(), new float[0], List.of()), 2, 0));
        assertThatThrownBy(() -> new EmbeddingModelAssembler().apply(v.get(0))).hasMessageContaining("assembled 1 users");
    }

    @Test
    void blocksStayWithinTheByteLimit() {
        EmbeddingRows.Encoded e = EmbeddingRows.encode("recs", 1, 0, DIM,
                new EmbeddingRows.Changes(List.of("a", "b", "c"), new float[9], List.of()),
                new EmbeddingRows.Changes(List.of(), new float[0], List.of()), 3, 0, 16);
        for (ModelBlock b : e.blocks()) assertThat(b.data().length).isLessThanOrEqualTo(16);
        assertThat(e.blocks().stream().filter(b -> b.name().equals("users"))).hasSize(3);
    }
}
