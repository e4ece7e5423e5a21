package dev.eddy.serving.model;

import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.events.model.ModelAssembler;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Model versions as the learner and retrain jobs publish them (ModelPublisher, DeltaPublisher): blocks, then manifest. */
public record Published(ModelManifest manifest, List<ModelBlock> blocks) {
    static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");

    public static Published bandit(String model, long version, BanditModelSpec spec, ContextualBandit learner, long updates) {
        byte[] snapshot = learner.snapshot();
        List<ModelBlock> blocks = OpaqueBlocks.blocks(model, version, snapshot, 1024);
        ModelManifest m = new ModelManifest(model, version, T0, BanditModelSpec.MODEL_TYPE, Map.of("updates", (double) updates),
                spec.manifestParams(snapshot.length), blocks.size(), ModelAssembler.sha256(blocks));
        return new Published(m, blocks);
    }

    public static Published embeddings(String model, long version, long base, int dim, EmbeddingRows.Changes users,
                                EmbeddingRows.Changes items, int totalUsers, int totalItems) {
        EmbeddingRows.Encoded e = EmbeddingRows.encode(model, version, base, dim, users, items, totalUsers, totalItems, 64 * 1024);
        ModelManifest m = new ModelManifest(model, version, T0, "mf", Map.of(), e.params(), e.blocks().size(),
                ModelAssembler.sha256(e.blocks()));
        return new Published(m, e.blocks());
    }

    public ModelVersion version() {
        return new ModelVersion(manifest, blocks);
    }

    /** Blocks first, the manifest last, as the jobs write them. */
    public List<ModelPart> parts() {
        List<ModelPart> out = new ArrayList<>(blocks);
        out.add(manifest);
        return out;
    }

    /** The same version with one more manifest metric. */
    public Published withMetric(String name, double value) {
        ModelManifest m = manifest;
        Map<String, Double> metrics = new java.util.HashMap<>(m.metrics());
        metrics.put(name, value);
        return new Published(new ModelManifest(m.model(), m.version(), m.createdAt(), m.modelType(), metrics, m.params(),
                m.blockCount(), m.sha256()), blocks);
    }

    /** The same version with a manifest whose checksum does not match its blocks. */
    Published withWrongChecksum() {
        ModelManifest m = manifest;
        return new Published(new ModelManifest(m.model(), m.version(), m.createdAt(), m.modelType(), m.metrics(), m.params(),
                m.blockCount(), "0".repeat(64)), blocks);
    }

    /** The same version missing its last block: never complete. */
    Published withoutLastBlock() {
        return new Published(manifest, blocks.subList(0, blocks.size() - 1));
    }
}
