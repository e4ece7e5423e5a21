package dev.eddy.recsys.snapshot;

/** The snapshot store cannot do what was asked: RocksDB failed, a version is missing or corrupt. */
public class SnapshotStoreException extends RuntimeException {
    public SnapshotStoreException(String message) {
        super(message);
    }

    public SnapshotStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
