package dev.eddy.jobs.runtime;

import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.join.KeyedBytes;

import java.util.ArrayList;
import java.util.List;

/**
 * One model version as records of {@code eddy.models}, in the order every writer must send them: the blocks first,
 * the manifest last (a reader of the single-partition topic that sees a manifest then has its blocks). Keys are the
 * parts' own ({@code model/version/...}) so that compaction keeps every part of every version. Shared by the learner
 * job, the retrain job and the benchmark's synthetic publisher so that all write the same records.
 */
public final class ModelRecords {
    private ModelRecords() {}

    public static List<KeyedBytes> of(List<ModelBlock> blocks, ModelManifest manifest) {
        List<KeyedBytes> out = new ArrayList<>(blocks.size() + 1);
        for (ModelBlock b : blocks) out.add(new KeyedBytes(b.key(), EventJson.write(b)));
        out.add(new KeyedBytes(manifest.key(), EventJson.write(manifest)));
        return out;
    }
}
