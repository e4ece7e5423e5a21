package dev.eddy.serving.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A file serving polls for changes (the experiments file, the API key file): changed when its modification time or
 * size differs from what was last noted. Polling rather than a WatchService: it also sees files replaced through
 * symlinks, as Kubernetes mounts ConfigMaps and Secrets. Not thread-safe: its owner polls under its own lock.
 */
public final class PolledFile {
    private static final long MISSING = -2;

    private final Path path;
    private FileTime lastModified;
    private long lastSize = -1;

    public PolledFile(Path path) {
        this.path = path;
    }

    /** Notes the file as it is now (after loading it). */
    public void stamp() throws IOException {
        lastModified = Files.getLastModifiedTime(path);
        lastSize = Files.size(path);
    }

    /** Whether the file changed since it was last noted; it is noted as it is now either way. */
    public boolean changed() throws IOException {
        FileTime modified = Files.getLastModifiedTime(path);
        long size = Files.size(path);
        if (modified.equals(lastModified) && size == lastSize) return false;
        lastModified = modified;
        lastSize = size;
        return true;
    }

    /**
     * Notes that the file could not be looked at (missing for a moment while replaced, or gone): true the first time
     * in a row, so that its owner reports it once rather than on every poll.
     */
    public boolean noteMissing() {
        if (lastSize == MISSING) return false;
        lastSize = MISSING;
        return true;
    }
}
