package dev.eddy.recsys.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.eddy.recsys.data.UserItems;


/**
 * Turns the embedding tables into the representations that scores are dot products of: the tables themselves for
 * MF; for LightGCN the mean of layers 0..L of E_{l+1} = Â E_l over the user–item graph, Â = D^-½ A D^-½.
 * Â is a sparse COO tensor: DJL's PyTorch engine multiplies sparse COO × dense (with gradient for the dense side),
 * so no dense (U+I)² matrix is needed. Building it needs the engine's JniUtils (see {@link #ownedCoo}), which ties
 * this class to the PyTorch engine, the only one recsys runs on.
 */
final class Representations {
    private final NDArray adjacency;
    private final int numUsers;
    private final int layers;

    private Representations(NDArray adjacency, int numUsers, int layers) {
        this.adjacency = adjacency;
        this.numUsers = numUsers;
        this.layers = layers;
    }

    static Representations matrixFactorization() {
        return new Representations(null, 0, 0);
    }

    /** LightGCN over the training positives; the adjacency lives in {@code manager} (on its device). */
    static Representations lightGcn(NDManager manager, UserItems positives, int numItems, int layers) {
        int numUsers = positives.numUsers();
        int[] itemDegree = new int[numItems];
        for (int item : positives.items()) itemDegree[item]++;
        int nnz = positives.size();
        long[] rows = new long[2 * nnz];
        long[] cols = new long[2 * nnz];
        float[] values = new float[2 * nnz];
        int k = 0;
        for (int u = 0; u < numUsers; u++) {
            for (int e = positives.start(u); e < positives.start(u) + positives.count(u); e++) {
                int item = positives.items()[e];
                float w = (float) (1.0 / Math.sqrt((double) positives.count(u) * itemDegree[item]));
                rows[k] = u;
                cols[k] = numUsers + item;
                values[k++] = w;
                rows[k] = numUsers + item;
                cols[k] = u;
                values[k++] = w;
            }
        }
        long n = (long) numUsers + numItems;
        return new Representations(ownedCoo(manager, rows, cols, values, new Shape(n, n)), numUsers, layers);
    }

    /**
     * A sparse COO tensor that owns its memory. NDManager.createCoo wraps its index and value buffers without a copy
     * and closes their NDArrays on return, so the tensor it returns points into direct buffers that the garbage
     * collector may free: on the full synthetic set that showed as "index out of row bound: 140441084231552" a few
     * steps in. Here the inputs stay open (their buffers referenced) until a deep copy has been taken.
     */
    private static NDArray ownedCoo(NDManager manager, long[] rows, long[] cols, float[] values, Shape shape) {
        long[] indices = new long[rows.length * 2];
        System.arraycopy(rows, 0, indices, 0, rows.length);
        System.arraycopy(cols, 0, indices, rows.length, cols.length);
        try (NDArray idx = manager.create(indices, new Shape(2, rows.length));
             NDArray vals = manager.create(values);
             NDArray shared = JniUtils.createSparseCoo((PtNDArray) idx, (PtNDArray) vals, shape)) {
            return shared.duplicate();
        }
    }

    /** The arrays the computation reads besides the tables, for temporary attachment to a step's manager. */
    NDArray adjacency() {
        return adjacency;
    }

    /** {users, items} representations of the given tables. */
    NDArray[] compute(NDArray users, NDArray items) {
        if (adjacency == null) return new NDArray[] {users, items};
        NDArray layer = NDArrays.concat(new NDList(users, items), 0);
        NDArray sum = layer;
        for (int l = 0; l < layers; l++) {
            layer = adjacency.matMul(layer);
            sum = sum.add(layer);
        }
        NDArray mean = sum.div(layers + 1);
        return new NDArray[] {mean.get("0:" + numUsers), mean.get(numUsers + ":")};
    }
}
