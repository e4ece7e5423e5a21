package dev.eddy.events.model;

import dev.eddy.events.event.ModelBlock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An opaque byte payload (e.g. a learner's snapshot) as {@link ModelBlock}s: the block format counts 4-byte words
 * ({@code rows x cols x 4} bytes), so the payload is cut into chunks of at most {@code blockBytes} bytes, each one a
 * column of {@code rows} words, the last padded with zeros; the manifest keeps the exact length under
 * {@link #LENGTH_PARAM} so that a reader can cut the padding off. Chunking keeps every record below Kafka's
 * message size limit, whatever the model's size.
 */
public final class OpaqueBlocks {
    /** Manifest param with the payload's exact length in bytes. */
    public static final String LENGTH_PARAM = "bytes";
    /** Block name of an opaque payload. */
    public static final String NAME = "snapshot";

    private OpaqueBlocks() {}

    /** Cuts {@code payload} into blocks of at most {@code blockBytes} (a positive multiple of 4) bytes. */
    public static List<ModelBlock> blocks(String model, long version, byte[] payload, int blockBytes) {
        return blocks(model, version, NAME, 0, payload, blockBytes);
    }

    /**
     * The same for one of several payloads of a version: blocks named {@code name}, numbered from
     * {@code firstIndex} (the caller keeps the exact length in the manifest itself).
     */
    public static List<ModelBlock> blocks(String model, long version, String name, int firstIndex, byte[] payload,
                                          int blockBytes) {
        if (blockBytes <= 0 || blockBytes % 4 != 0) {
            throw new IllegalArgumentException("block size must be a positive multiple of 4, was " + blockBytes);
        }
        List<ModelBlock> out = new ArrayList<>();
        for (int offset = 0, index = firstIndex; offset < payload.length; offset += blockBytes, index++) {
            int n = Math.min(blockBytes, payload.length - offset);
            byte[] chunk = Arrays.copyOfRange(payload, offset, offset + (n + 3) / 4 * 4);
            out.add(new ModelBlock(model, version, index, name, offset / 4, chunk.length / 4, 1, chunk));
        }
        return out;
    }

    /** The payload of a complete version written by {@link #blocks}, padding removed. */
    public static byte[] payload(ModelVersion v) {
        String length = v.manifest().params().get(LENGTH_PARAM);
        if (length == null) throw new IllegalArgumentException(v.model() + "/" + v.version() + ": manifest has no '" + LENGTH_PARAM + "'");
        byte[] data = v.data();
        int n = Integer.parseInt(length);
        if (n > data.length || data.length - n >= 4) {
            throw new IllegalArgumentException(v.model() + "/" + v.version() + ": " + data.length
                    + " bytes of blocks for a payload of " + n);
        }
        return Arrays.copyOf(data, n);
    }
}
