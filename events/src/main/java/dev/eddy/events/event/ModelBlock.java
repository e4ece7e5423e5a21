package dev.eddy.events.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A block of a model's parameters: {@code rows × cols} floats, little-endian, base64 in JSON.
 *
 * @param model     model name
 * @param version   version the block belongs to
 * @param index     position of the block in the version, from 0
 * @param name      which tensor the block is part of (e.g. "item_embeddings")
 * @param rowOffset first row of the tensor held by this block (large tensors are chunked by rows)
 * @param rows      rows in this block
 * @param cols      columns per row
 * @param data      the floats, little-endian
 */
public record ModelBlock(String model, long version, int index, String name, int rowOffset, int rows, int cols,
                         byte[] data) implements ModelPart {

    public static ModelBlock ofFloats(String model, long version, int index, String name, int rowOffset, int rows,
                                      int cols, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return new ModelBlock(model, version, index, name, rowOffset, rows, cols, buf.array());
    }

    public float[] floats() {
        float[] out = new float[data.length / Float.BYTES];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    @Override
    public String key() {
        return model + "/" + version + "/block/" + index;
    }

    // Records compare arrays by reference; a block is equal to another with the same bytes.
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelBlock b && java.util.Objects.equals(b.model, model) && b.version == version
                && b.index == index && java.util.Objects.equals(b.name, name) && b.rowOffset == rowOffset && b.rows == rows && b.cols == cols
                && Arrays.equals(b.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * java.util.Objects.hashCode(model) + Long.hashCode(version)) + index;
    }

    @Override
    public String toString() {
        return "ModelBlock[" + key() + " " + name + " rows " + rowOffset + ".." + (rowOffset + rows) + " x " + cols + "]";
    }
}
