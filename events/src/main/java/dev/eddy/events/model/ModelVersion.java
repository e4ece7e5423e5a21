package dev.eddy.events.model;

import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * One complete, checked version of a model from {@code eddy.models}: its manifest and all of its blocks in index
 * order (count and SHA-256 verified by {@link ModelAssembler}).
 */
public record ModelVersion(ModelManifest manifest, List<ModelBlock> blocks) {
    public ModelVersion {
        blocks = List.copyOf(blocks);
    }

    public String model() {
        return manifest.model();
    }

    public long version() {
        return manifest.version();
    }

    /** The blocks' data concatenated in index order (what the manifest's checksum covers). */
    public byte[] data() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ModelBlock b : blocks) out.writeBytes(b.data());
        return out.toByteArray();
    }
}
