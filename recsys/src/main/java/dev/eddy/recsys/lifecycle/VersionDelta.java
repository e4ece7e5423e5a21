package dev.eddy.recsys.lifecycle;

import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.events.model.ModelAssembler;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A version of an embedding model as model parts in the {@link EmbeddingRows} format: a delta against the
 * previously published tables (only changed rows, by id, and removed ids; the manifest's {@code baseVersion} names
 * the base), or a full version when nothing was published before. The manifest's params are the record's, then
 * the format's.
 *
 * @param blocks   the row blocks, to be written before the manifest
 * @param manifest the manifest, to be written last
 * @param userRows user rows sent
 * @param itemRows item rows sent
 */
public record VersionDelta(List<ModelBlock> blocks, ModelManifest manifest, int userRows, int itemRows) {

    /**
     * @param baseVersion the version {@code base} was published as (ignored without a base)
     * @param base        the published tables, null for a full version
     */
    public static VersionDelta of(String model, long version, long baseVersion, IdTables base, IdTables next,
                                  VersionRecord record, Instant createdAt, int blockBytes) {
        EmbeddingRows.Changes users = base == null
                ? TableDiff.changes(null, null, Map.of(), next.userIds(), next.users(), next.dim())
                : TableDiff.changes(base.userIds(), base.users(), base.userRows(), next.userIds(), next.users(), next.dim());
        EmbeddingRows.Changes items = base == null
                ? TableDiff.changes(null, null, Map.of(), next.itemIds(), next.items(), next.dim())
                : TableDiff.changes(base.itemIds(), base.items(), base.itemRows(), next.itemIds(), next.items(), next.dim());
        EmbeddingRows.Encoded e = EmbeddingRows.encode(model, version, base == null ? 0 : baseVersion, next.dim(), users,
                items, next.userIds().length, next.itemIds().length, blockBytes);
        Map<String, String> params = new LinkedHashMap<>(record.params());
        params.putAll(e.params());
        ModelManifest manifest = new ModelManifest(model, version, createdAt, record.modelType(), record.metrics(),
                params, e.blocks().size(), ModelAssembler.sha256(e.blocks()));
        return new VersionDelta(e.blocks(), manifest, users.ids().size(), items.ids().size());
    }
}
