package dev.eddy.jobs.learn;

import dev.eddy.connectors.event.ModelBlock;
import dev.eddy.connectors.event.ModelManifest;
import dev.eddy.connectors.json.EventJson;
import dev.eddy.connectors.model.ModelAssembler;
import dev.eddy.connectors.model.OpaqueBlocks;
import dev.eddy.jobs.join.KeyedBytes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One model version as records of {@code eddy.models}: the snapshot in blocks of at most {@code blockBytes}, then
 * the manifest (blocks first, so that a reader of the single-partition topic that sees a manifest has its blocks).
 * Keys are the parts' own ({@code model/version/...}) so that compaction keeps every part of every version.
 */
final class ModelPublisher {
    private ModelPublisher() {}

    static List<KeyedBytes> records(String model, long version, ModelLearner learner, long updates, Instant createdAt,
                                    int blockBytes) {
        byte[] snapshot = learner.publishedSnapshot();
        List<ModelBlock> blocks = OpaqueBlocks.blocks(model, version, snapshot, blockBytes);
        ModelManifest manifest = new ModelManifest(model, version, createdAt, learner.modelType(),
                Map.of("updates", (double) (updates - learner.pendingUpdates())), learner.manifestParams(snapshot.length), blocks.size(),
                ModelAssembler.sha256(blocks));
        List<KeyedBytes> out = new ArrayList<>(blocks.size() + 1);
        for (ModelBlock b : blocks) out.add(new KeyedBytes(b.key(), EventJson.write(b)));
        out.add(new KeyedBytes(manifest.key(), EventJson.write(manifest)));
        return out;
    }
}
