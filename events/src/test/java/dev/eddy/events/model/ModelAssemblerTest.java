package dev.eddy.events.model;

import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.json.EventJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ModelAssemblerTest {

    private static ModelBlock block(String model, long version, int index, byte... data) {
        return new ModelBlock(model, version, index, "snapshot", index, data.length / 4, 1, data);
    }

    private static ModelManifest manifest(String model, long version, List<ModelBlock> blocks) {
        return new ModelManifest(model, version, Instant.parse("2026-01-01T00:00:00Z"), "bandit", Map.of(), Map.of(),
                blocks.size(), ModelAssembler.sha256(blocks));
    }

    @Test
    void completesAVersionWhenManifestAndAllBlocksAreThereInAnyOrder() throws Exception {
        ModelBlock b0 = block("m", 3, 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
        ModelBlock b1 = block("m", 3, 1, (byte) 5, (byte) 6, (byte) 7, (byte) 8);
        ModelManifest m = manifest("m", 3, List.of(b0, b1));
        ModelAssembler a = new ModelAssembler();
        // Through the wire format, as a reader of the topic sees them.
        assertThat(a.accept(EventJson.parseModelPart(EventJson.write(b1)))).isEmpty();
        assertThat(a.accept(EventJson.parseModelPart(EventJson.write(m)))).isEmpty();
        Optional<ModelVersion> v = a.accept(EventJson.parseModelPart(EventJson.write(b0)));
        assertThat(v).isPresent();
        assertThat(v.get().version()).isEqualTo(3);
        assertThat(v.get().data()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(a.incomplete()).isZero();
        // A redelivered part of a version already handed out is ignored, not handed out twice.
        assertThat(a.accept(b0)).isEmpty();
        assertThat(a.accept(m)).isEmpty();
    }

    @Test
    void rejectsAVersionWhoseBlocksDoNotMatchTheChecksum() {
        ModelBlock b0 = block("m", 1, 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
        ModelManifest m = manifest("m", 1, List.of(b0));
        ModelAssembler a = new ModelAssembler();
        a.accept(m);
        assertThat(a.accept(block("m", 1, 0, (byte) 1, (byte) 2, (byte) 3, (byte) 9))).isEmpty();
        assertThat(a.rejected()).singleElement().satisfies(r -> {
            assertThat(r.version()).isEqualTo(1);
            assertThat(r.reason()).contains("SHA-256");
        });
    }

    @Test
    void rejectsBlockIndicesThatDoNotMatchTheCount() {
        ModelBlock b0 = block("m", 1, 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
        ModelBlock b5 = block("m", 1, 5, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
        ModelAssembler a = new ModelAssembler();
        a.accept(manifest("m", 1, List.of(b0, b0)));
        a.accept(b0);
        assertThat(a.accept(b5)).isEmpty();
        assertThat(a.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains("blockCount 2"));
    }

    @Test
    void keepsModelsApartAndDropsPartsOfSupersededVersions() {
        List<ModelPart> parts = new ArrayList<>();
        ModelBlock a1 = block("a", 1, 0, (byte) 1, (byte) 1, (byte) 1, (byte) 1);
        ModelBlock a2 = block("a", 2, 0, (byte) 2, (byte) 2, (byte) 2, (byte) 2);
        ModelBlock b1 = block("b", 1, 0, (byte) 3, (byte) 3, (byte) 3, (byte) 3);
        ModelAssembler asm = new ModelAssembler();
        asm.accept(a1); // version 1 of a never gets its manifest
        parts.addAll(List.of(a2, manifest("a", 2, List.of(a2)), b1, manifest("b", 1, List.of(b1))));
        List<ModelVersion> done = new ArrayList<>();
        for (ModelPart p : parts) asm.accept(p).ifPresent(done::add);
        assertThat(done).extracting(ModelVersion::model, ModelVersion::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 2L), org.assertj.core.groups.Tuple.tuple("b", 1L));
        assertThat(asm.incomplete()).as("a/1 is superseded by a/2").isZero();
        assertThat(asm.accept(manifest("a", 1, List.of(a1)))).as("too old to matter").isEmpty();
    }

    @Test
    void opaquePayloadsRoundTripThroughPaddedBlocks() {
        for (int length : new int[] {0, 1, 7, 8, 9, 1000}) {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) payload[i] = (byte) (i * 31 + 7);
            List<ModelBlock> blocks = OpaqueBlocks.blocks("m", 1, payload, 8);
            assertThat(blocks).hasSize((length + 7) / 8);
            blocks.forEach(b -> assertThat(b.data().length).isLessThanOrEqualTo(8).isEqualTo(b.rows() * b.cols() * 4));
            ModelManifest m = new ModelManifest("m", 1, Instant.EPOCH, "x", Map.of(),
                    Map.of(OpaqueBlocks.LENGTH_PARAM, String.valueOf(length)), blocks.size(), ModelAssembler.sha256(blocks));
            assertThat(OpaqueBlocks.payload(new ModelVersion(m, blocks))).as("length %d", length).isEqualTo(payload);
        }
    }
}
