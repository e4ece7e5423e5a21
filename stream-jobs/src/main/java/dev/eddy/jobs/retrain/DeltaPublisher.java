package dev.eddy.jobs.retrain;

import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.ModelRecords;
import dev.eddy.recsys.lifecycle.IdTables;
import dev.eddy.recsys.lifecycle.VersionDelta;
import dev.eddy.recsys.lifecycle.VersionRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A version of an embedding model as records of {@code eddy.models} in the {@link EmbeddingRows} format
 * ({@link VersionDelta}: a delta against the previously published tables, or a full version when nothing was
 * published before). Blocks go first, the manifest last, all in the same transaction; keys are the parts' own so
 * that compaction keeps every part. Public because the serving benchmark's synthetic publisher
 * ({@code eddy bench models}) writes its full versions through it, so that they are exactly what the retrain job
 * writes.
 */
public final class DeltaPublisher {
    private DeltaPublisher() {}

    /** The records, and how many rows were sent. */
    public record Publication(List<KeyedBytes> records, int userRows, int itemRows) {}

    public static Publication publish(String model, long version, long baseVersion, ModelTables base, ModelTables next,
                                      String modelType, Map<String, Double> metrics, Map<String, String> extraParams,
                                      Instant createdAt, int blockBytes) {
        return publish(model, version, baseVersion, base == null ? null : base.idTables(), next.idTables(),
                new VersionRecord(modelType, metrics, extraParams), createdAt, blockBytes);
    }

    static Publication publish(String model, long version, long baseVersion, IdTables base, IdTables next,
                               VersionRecord record, Instant createdAt, int blockBytes) {
        VersionDelta d = VersionDelta.of(model, version, baseVersion, base, next, record, createdAt, blockBytes);
        return new Publication(ModelRecords.of(d.blocks(), d.manifest()), d.userRows(), d.itemRows());
    }
}
