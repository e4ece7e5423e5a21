package dev.eddy.jobs.retrain;

import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.events.model.ModelAssembler;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.ModelRecords;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A version of an embedding model as records of {@code eddy.models} in the {@link EmbeddingRows} format: a delta
 * against the previously published tables (only changed rows, by id, and removed ids; the manifest's
 * {@code baseVersion} names the base), or a full version when nothing was published before. Blocks go first, the
 * manifest last, all in the same transaction; keys are the parts' own so that compaction keeps every part.
 * Public because the serving benchmark's synthetic publisher ({@code eddy bench models}) writes its full versions
 * through it, so that they are exactly what the retrain job writes.
 */
public final class DeltaPublisher {
    private DeltaPublisher() {}

    /** The records, and how many rows were sent. */
    public record Publication(List<KeyedBytes> records, int userRows, int itemRows) {}

    public static Publication publish(String model, long version, long baseVersion, ModelTables base, ModelTables next,
                               String modelType, Map<String, Double> metrics, Map<String, String> extraParams,
                               Instant createdAt, int blockBytes) {
        EmbeddingRows.Changes users = base == null
                ? TableDiff.changes(null, null, Map.of(), next.userIds, next.users, next.dim)
                : TableDiff.changes(base.userIds, base.users, base.userRows(), next.userIds, next.users, next.dim);
        EmbeddingRows.Changes items = base == null
                ? TableDiff.changes(null, null, Map.of(), next.itemIds, next.items, next.dim)
                : TableDiff.changes(base.itemIds, base.items, base.itemRows(), next.itemIds, next.items, next.dim);
        EmbeddingRows.Encoded e = EmbeddingRows.encode(model, version, base == null ? 0 : baseVersion, next.dim, users,
                items, next.userIds.length, next.itemIds.length, blockBytes);
        Map<String, String> params = new LinkedHashMap<>(extraParams);
        params.putAll(e.params());
        ModelManifest manifest = new ModelManifest(model, version, createdAt, modelType, metrics, params,
                e.blocks().size(), ModelAssembler.sha256(e.blocks()));
        return new Publication(ModelRecords.of(e.blocks(), manifest), users.ids().size(), items.ids().size());
    }
}
