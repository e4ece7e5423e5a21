package dev.eddy.jobs.learn;

import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.model.ModelAssembler;
import dev.eddy.events.model.OpaqueBlocks;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.ModelRecords;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model version as records of {@code eddy.models}: the snapshot in blocks of at most {@code blockBytes}, then
 * the manifest (blocks first, so that a reader of the single-partition topic that sees a manifest has its blocks).
 * Keys are the parts' own ({@code model/version/...}) so that compaction keeps every part of every version.
 */
public final class ModelPublisher {
    private ModelPublisher() {}

    /**
     * @param decidedThroughMs decision time (epoch ms) of the newest example the learner learned from, or
     *                         {@link Long#MIN_VALUE} when not known; published as {@link ModelManifest#DECIDED_THROUGH}
     *                         only when every counted update is in the snapshot
     */
    static List<KeyedBytes> records(String model, long version, ModelLearner learner, long updates,
                                    long decidedThroughMs, Instant createdAt, int blockBytes) {
        byte[] snapshot = learner.publishedSnapshot();
        List<ModelBlock> blocks = OpaqueBlocks.blocks(model, version, snapshot, blockBytes);
        Map<String, Double> metrics = new TreeMap<>();
        metrics.put(ModelManifest.UPDATES, (double) (updates - learner.pendingUpdates()));
        // A sharded learner's unfinished period is not in the snapshot, and its newest example may be among them.
        if (decidedThroughMs != Long.MIN_VALUE && learner.pendingUpdates() == 0) {
            metrics.put(ModelManifest.DECIDED_THROUGH, (double) decidedThroughMs);
        }
        ModelManifest manifest = new ModelManifest(model, version, createdAt, learner.modelType(), metrics,
                learner.manifestParams(snapshot.length), blocks.size(), ModelAssembler.sha256(blocks));
        return ModelRecords.of(blocks, manifest);
    }

    /**
     * A contextual-bandit learner trained outside the job (the serving benchmark's synthetic publisher) as the same
     * records the job would publish for it.
     */
    public static List<KeyedBytes> records(String model, long version, BanditModelSpec spec, ContextualBandit bandit,
                                           long updates, Instant createdAt, int blockBytes) {
        return records(model, version, new BanditLearner(spec, bandit), updates, Long.MIN_VALUE, createdAt, blockBytes);
    }
}
