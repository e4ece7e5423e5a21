package dev.eddy.recsys.lifecycle;

import dev.eddy.recsys.snapshot.ModelSnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The local side copy of accepted versions in a {@link ModelSnapshotStore}, when a directory is configured. The
 * published model topic and the trainer's state are the record: a copy that cannot be written is said loudly and
 * the lifecycle goes on, so a write reports failure instead of throwing.
 */
public final class SnapshotCopy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCopy.class);

    private final String model;
    private final String dir;
    /** Null when no directory is configured: then nothing is copied. */
    private final ModelSnapshotStore store;

    private SnapshotCopy(String model, String dir, ModelSnapshotStore store) {
        this.model = model;
        this.dir = dir;
        this.store = store;
    }

    /**
     * @param dir      the store's directory; blank: no copy
     * @param keepLast versions the store keeps
     */
    public static SnapshotCopy open(String model, String dir, int keepLast) {
        return new SnapshotCopy(model, dir, dir.isBlank() ? null : ModelSnapshotStore.open(Path.of(dir), keepLast));
    }

    /** Copies an accepted retrain with its trained model; false when the write failed. */
    public boolean retrained(ModelLifecycle.Accepted a, RetrainOutcome o) {
        if (store == null) return true;
        try {
            store.save(model, o.model(), a.record().metrics(), o.window());
            return true;
        } catch (RuntimeException e) {
            return failed(a, e);
        }
    }

    /** Copies a rollback's republished tables; false when the write failed. */
    public boolean rolledBack(ModelLifecycle.Accepted a) {
        if (store == null) return true;
        KeptVersion v = a.version();
        try {
            store.save(model, v.parameters().userIndex(), v.parameters().itemIndex(), v.scoring().tables(),
                    v.parameters().tables(), a.record().modelType(), a.record().metrics(), a.record().storeParams(v));
            return true;
        } catch (RuntimeException e) {
            return failed(a, e);
        }
    }

    private boolean failed(ModelLifecycle.Accepted a, RuntimeException e) {
        LOG.error("could not write version {} of {} to the snapshot store at {}", a.version().version(), model, dir, e);
        return false;
    }

    @Override
    public void close() {
        if (store != null) store.close();
    }
}
