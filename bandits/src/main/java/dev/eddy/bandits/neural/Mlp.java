package dev.eddy.bandits.neural;

import dev.eddy.events.features.SparseVector;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A fully connected ReLU network f(θ; x) with a scalar output, on a sparse input of dimension D.
 *
 * <p>Every weight matrix is stored input-major (row i holds the weights from input i to all units of the next layer):
 * the first layer then only reads the rows of the non-zero inputs, and the other layers skip the rows of inactive
 * (zero) ReLU units. Each row is its own array: HotSpot 17 vectorises {@code z[j] += v * w[j]} but not the same loop
 * over an offset into one flat array it cannot prove distinct from z, which made the forward pass twice as slow.
 * The forward pass's layers (the one-wide output unit aside, a plain sum) run through {@link DenseKernels} over the
 * rows of the non-zero inputs: with the Vector
 * API (when the JVM has it) a strip of a layer's output stays in a register across those rows, bit-identical to the
 * plain loops.
 * The parameters still have one flat order (layer by layer: the rows of W, then the bias), used by
 * {@link #get}, {@link #copyParameters}, {@link #dotDisplacement} and the other whole-vector operations.
 *
 * <p>{@link #forward} and {@link #backward} keep their activations and back-propagated errors in buffers allocated
 * at construction, so a network is single-threaded and allocation-free after construction. The gradient is never
 * materialised in the hot path: for each layer it is the outer product of the layer's input and its error δ, so
 * {@link #addGradient}, {@link #gradientSquaredNorm} and {@link #dotGradient} work from the input and δ directly.
 */
public final class Mlp {

    /** Bit-identical either way (see {@link DenseKernels}); the vector ones when the JVM has the Vector API. */
    private static final DenseKernels KERNELS = DenseKernels.best();

    /** How the network's last (linear) unit is reported by {@link #predict}. */
    public enum Output { RAW, SIGMOID }

    private final int inputDim;
    private final int[] widths;
    private final Output output;
    // θ as its arrays in flat order (the same arrays as weights and biases), and θ₀ in the same shape.
    private final float[][] blocks;
    private final float[][] blocks0;
    private final float[][][] weights;
    private final float[][] biases;
    private final int size;
    // Per layer l = 0..L (L = number of hidden layers; layer L is the output unit).
    private final int[] fanIn;
    private final int[] fanOut;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final float[][] pre;
    private final float[][] act;
    private final float[][] delta;
    /** Scratch of the widest block's length for the block-shaped reductions. */
    private final float[] lanes;
    /** The active units of a hidden layer (indices and values) in {@link #forward}. */
    private final int[] activeRows;
    private final float[] activeValues;

    /**
     * @param inputDim the input dimension D
     * @param widths   the widths of the hidden layers, at least one
     * @param output   whether {@link #predict} reports the raw output or its sigmoid
     * @param rng      draws the initial weights: N(0, 2/fan-in) for ReLU layers (He), N(0, 1/fan-in) for the output
     */
    public Mlp(int inputDim, int[] widths, Output output, SplittableRandom rng) {
        if (inputDim < 1) throw new IllegalArgumentException("input dimension must be >= 1");
        if (widths.length < 1) throw new IllegalArgumentException("need at least one hidden layer");
        for (int w : widths) if (w < 1) throw new IllegalArgumentException("hidden widths must be >= 1");
        this.inputDim = inputDim;
        this.widths = widths.clone();
        this.output = output;
        int layers = widths.length + 1;
        fanIn = new int[layers];
        fanOut = new int[layers];
        weightOffset = new int[layers];
        biasOffset = new int[layers];
        long size = 0;
        for (int l = 0; l < layers; l++) {
            fanIn[l] = l == 0 ? inputDim : widths[l - 1];
            fanOut[l] = l == widths.length ? 1 : widths[l];
            weightOffset[l] = Math.toIntExact(size);
            size += (long) fanIn[l] * fanOut[l];
            biasOffset[l] = Math.toIntExact(size);
            size += fanOut[l];
        }
        this.size = Math.toIntExact(size);
        weights = new float[layers][][];
        biases = new float[layers][];
        int blockCount = 0;
        for (int l = 0; l < layers; l++) blockCount += fanIn[l] + 1;
        blocks = new float[blockCount][];
        blocks0 = new float[blockCount][];
        int block = 0;
        for (int l = 0; l < layers; l++) {
            double std = Math.sqrt((l == widths.length ? 1.0 : 2.0) / fanIn[l]);
            weights[l] = new float[fanIn[l]][];
            for (int i = 0; i < fanIn[l]; i++) {
                float[] row = new float[fanOut[l]];
                for (int j = 0; j < row.length; j++) row[j] = (float) (std * rng.nextGaussian());
                weights[l][i] = row;
                blocks[block] = row;
                blocks0[block++] = row.clone();
            }
            biases[l] = new float[fanOut[l]];
            blocks[block] = biases[l];
            blocks0[block++] = biases[l].clone();
        }
        pre = new float[layers][];
        act = new float[layers][];
        delta = new float[layers][];
        for (int l = 0; l < layers; l++) {
            pre[l] = new float[fanOut[l]];
            act[l] = new float[fanOut[l]];
            delta[l] = new float[fanOut[l]];
        }
        int widest = 0;
        for (float[] b : blocks) widest = Math.max(widest, b.length);
        lanes = new float[widest];
        int widestLayer = 0;
        for (int w : widths) widestLayer = Math.max(widestLayer, w);
        activeRows = new int[widestLayer];
        activeValues = new float[widestLayer];
    }

    public int inputDim() {
        return inputDim;
    }

    public int[] widths() {
        return widths.clone();
    }

    public Output output() {
        return output;
    }

    /** Number of parameters P. */
    public int size() {
        return size;
    }

    /** θ_p in the flat order. Not for hot paths: it searches for the block. */
    public float get(int p) {
        return locate(p)[p - blockStart(p)];
    }

    /** Sets θ_p in the flat order. */
    public void set(int p, float value) {
        locate(p)[p - blockStart(p)] = value;
    }

    /** θ, flat, into {@code out} (length P). */
    public void copyParameters(float[] out) {
        copy(blocks, out, true);
    }

    /** θ₀, the parameters at initialisation and the centre of the perturbation, flat, into {@code out}. */
    public void copyInitialParameters(float[] out) {
        copy(blocks0, out, true);
    }

    /** Replaces θ by the flat {@code in} (length P). */
    public void loadParameters(float[] in) {
        copy(blocks, in, false);
    }

    /** Replaces θ₀ by the flat {@code in} (length P). */
    public void loadInitialParameters(float[] in) {
        copy(blocks0, in, false);
    }

    /** ⟨v, θ − θ₀⟩ for a flat v of length P. */
    public double dotDisplacement(float[] v) {
        checkFlat(v);
        double total = 0;
        int p = 0;
        for (int b = 0; b < blocks.length; b++) {
            float[] t = blocks[b];
            float[] t0 = blocks0[b];
            float s = 0f;
            for (int j = 0; j < t.length; j++) s += v[p + j] * (t[j] - t0[j]);
            total += s;
            p += t.length;
        }
        return total;
    }

    /** θ += scale · v for a flat v of length P. */
    public void addToParameters(float[] v, float scale) {
        checkFlat(v);
        int p = 0;
        for (float[] t : blocks) {
            for (int j = 0; j < t.length; j++) t[j] += scale * v[p + j];
            p += t.length;
        }
    }

    /**
     * Zeroed arrays in the shape of θ's blocks (the flat order cut into the weight rows and biases). The block forms
     * of {@link #dotDisplacement}, {@link #addToParameters} and {@link #dotGradient} run over such a vector row by
     * row, so HotSpot vectorises the update as it does the forward pass's, which it does not over offsets into a flat
     * array.
     */
    public float[][] newBlocks() {
        float[][] out = new float[blocks.length][];
        for (int b = 0; b < blocks.length; b++) out[b] = new float[blocks[b].length];
        return out;
    }

    /** ⟨v, θ − θ₀⟩ for v shaped by {@link #newBlocks}. */
    public double dotDisplacement(float[][] v) {
        // Lane-wise partial sums: a running scalar sum is one addition per element in strict order, which HotSpot
        // does not vectorise; lanes[j] += ... over a row is an element-wise loop that it does.
        float[] sums = lanes;
        Arrays.fill(sums, 0f);
        for (int b = 0; b < blocks.length; b++) {
            float[] vb = v[b];
            float[] t = blocks[b];
            float[] t0 = blocks0[b];
            for (int j = 0; j < t.length; j++) sums[j] += vb[j] * (t[j] - t0[j]);
        }
        return sum(sums, sums.length);
    }

    /** θ += scale · v for v shaped by {@link #newBlocks}. */
    public void addToParameters(float[][] v, float scale) {
        for (int b = 0; b < blocks.length; b++) axpy(scale, v[b], blocks[b]);
    }

    /**
     * ⟨∇f(θ; x), v⟩ for v shaped by {@link #newBlocks}, after forward and backward. A layer's gradient block is the
     * outer product of its input a and its error δ, so its part is ⟨Σ_i a_i v_i, δ⟩ over the layer's rows v_i: a sum
     * of rows (vectorised, as in the forward pass), then one short dot product.
     */
    public double dotGradient(SparseVector x, float[][] v) {
        int[] idx = x.indices();
        float[] val = x.values();
        double total = 0;
        int first = 0;
        for (int l = 0; l <= widths.length; l++) {
            int n = fanOut[l];
            float[] rows = lanes;
            System.arraycopy(v[first + fanIn[l]], 0, rows, 0, n); // the bias block, whose input is 1
            if (l == 0) {
                for (int k = 0; k < idx.length; k++) addScaled(val[k], v[first + idx[k]], rows);
            } else {
                float[] in = act[l - 1];
                for (int i = 0; i < in.length; i++) {
                    if (in[i] != 0f) addScaled(in[i], v[first + i], rows);
                }
            }
            float[] d = delta[l];
            double s = 0;
            for (int j = 0; j < n; j++) s += rows[j] * d[j];
            total += s;
            first += fanIn[l] + 1;
        }
        return total;
    }

    /** y[0..x.length) += a · x (y may be longer). */
    private static void addScaled(float a, float[] x, float[] y) {
        for (int j = 0; j < x.length; j++) y[j] += a * x[j];
    }

    private static double sum(float[] v, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) s += v[j];
        return s;
    }

    /** The raw output f(θ; x), keeping the activations for {@link #backward}. */
    public double forward(SparseVector x) {
        if (x.dimension() != inputDim) {
            throw new IllegalArgumentException("input has dimension " + x.dimension() + ", expected " + inputDim);
        }
        float[] z = pre[0];
        System.arraycopy(biases[0], 0, z, 0, z.length);
        int[] idx = x.indices();
        KERNELS.accumulate(idx, x.values(), idx.length, weights[0], z);
        relu(0);
        int last = widths.length;
        for (int l = 1; l < last; l++) {
            float[] out = pre[l];
            System.arraycopy(biases[l], 0, out, 0, out.length);
            // Only the rows of active (non-zero) ReLU units, in ascending order. Written without a branch: whether a
            // unit is active is a coin flip the branch predictor cannot learn, and mispredictions cost more than the
            // stores.
            float[] in = act[l - 1];
            int count = 0;
            for (int i = 0; i < in.length; i++) {
                activeRows[count] = i;
                activeValues[count] = in[i];
                count += in[i] != 0f ? 1 : 0;
            }
            KERNELS.accumulate(activeRows, activeValues, count, weights[l], out);
            relu(l);
        }
        pre[last][0] = outputUnit(act[last - 1], weights[last], biases[last][0]);
        return pre[last][0];
    }

    /**
     * The linear output unit: b + Σ_i a_i · w_i in ascending order, the sum the kernels form for a one-wide layer,
     * without their per-row loop set-up (a row of the output layer is one weight). An inactive unit adds a zero,
     * which leaves the sum as it is (up to the sign of a zero sum), so there is no branch to mispredict.
     */
    private static float outputUnit(float[] a, float[][] w, float bias) {
        float s = bias;
        for (int i = 0; i < a.length; i++) s += a[i] * w[i][0];
        return s;
    }

    /** The output as configured: raw, or through a sigmoid. Runs a forward pass. */
    public double predict(SparseVector x) {
        double z = forward(x);
        return output == Output.SIGMOID ? sigmoid(z) : z;
    }

    /** Back-propagates ∂f/∂(pre-activation) through the layers of the last {@link #forward}. */
    public void backward() {
        int last = widths.length;
        delta[last][0] = 1f;
        for (int l = last; l >= 1; l--) {
            float[] d = delta[l];
            float[] below = delta[l - 1];
            float[] z = pre[l - 1];
            float[][] wl = weights[l];
            for (int i = 0; i < below.length; i++) {
                if (z[i] <= 0f) {
                    below[i] = 0f;
                    continue;
                }
                float[] w = wl[i];
                float s = 0f;
                for (int j = 0; j < w.length; j++) s += w[j] * d[j];
                below[i] = s;
            }
        }
    }

    /** θ += scale · ∇f(θ; x), after {@link #forward}(x) and {@link #backward}; touches only rows of non-zero inputs. */
    public void addGradient(SparseVector x, double scale) {
        float s = (float) scale;
        int[] idx = x.indices();
        float[] val = x.values();
        for (int l = 0; l <= widths.length; l++) {
            float[] d = delta[l];
            float[][] wl = weights[l];
            if (l == 0) {
                for (int k = 0; k < idx.length; k++) axpy(s * val[k], d, wl[idx[k]]);
            } else {
                float[] in = act[l - 1];
                for (int i = 0; i < in.length; i++) {
                    if (in[i] != 0f) axpy(s * in[i], d, wl[i]);
                }
            }
            axpy(s, d, biases[l]);
        }
    }

    /**
     * θ += scale · ∇f(θ; x) + vScale · v for v shaped by {@link #newBlocks}, after forward and backward: the
     * perturbed step of {@link PerturbedRegression} in one pass over θ instead of {@link #addGradient} and
     * {@link #addToParameters} one after the other.
     */
    public void addGradientAndBlocks(SparseVector x, double scale, float[][] v, float vScale) {
        float s = (float) scale;
        int[] idx = x.indices();
        float[] val = x.values();
        int first = 0;
        for (int l = 0; l <= widths.length; l++) {
            float[] d = delta[l];
            float[][] wl = weights[l];
            if (l == 0) {
                // Rows of zero inputs get only the noise; mark the non-zero ones as they are updated.
                int next = 0;
                for (int i = 0; i < wl.length; i++) {
                    if (next < idx.length && idx[next] == i) {
                        axpy2(s * val[next], d, vScale, v[first + i], wl[i]);
                        next++;
                    } else {
                        axpy(vScale, v[first + i], wl[i]);
                    }
                }
            } else {
                float[] in = act[l - 1];
                for (int i = 0; i < in.length; i++) {
                    if (in[i] != 0f) {
                        axpy2(s * in[i], d, vScale, v[first + i], wl[i]);
                    } else {
                        axpy(vScale, v[first + i], wl[i]);
                    }
                }
            }
            axpy2(s, d, vScale, v[first + fanIn[l]], biases[l]);
            first += fanIn[l] + 1;
        }
    }

    private static void axpy2(float a, float[] x, float b, float[] u, float[] y) {
        for (int j = 0; j < y.length; j++) y[j] += a * x[j] + b * u[j];
    }

    /** ‖∇f(θ; x)‖², after forward and backward: each layer's block is an outer product, so its norm factorises. */
    public double gradientSquaredNorm(SparseVector x) {
        double total = 0;
        for (int l = 0; l <= widths.length; l++) {
            double in = 1; // the bias
            if (l == 0) {
                in += x.squaredNorm();
            } else {
                for (float a : act[l - 1]) in += (double) a * a;
            }
            double d = 0;
            for (float v : delta[l]) d += (double) v * v;
            total += in * d;
        }
        return total;
    }

    /** ⟨∇f(θ; x), v⟩ for a dense v of length P, after forward and backward. */
    public double dotGradient(SparseVector x, float[] v) {
        int[] idx = x.indices();
        float[] val = x.values();
        double total = 0;
        for (int l = 0; l <= widths.length; l++) {
            float[] d = delta[l];
            int n = fanOut[l];
            if (l == 0) {
                for (int k = 0; k < idx.length; k++) total += val[k] * dot(v, weightOffset[0] + idx[k] * n, d, n);
            } else {
                float[] in = act[l - 1];
                for (int i = 0; i < in.length; i++) {
                    if (in[i] != 0f) total += in[i] * dot(v, weightOffset[l] + i * n, d, n);
                }
            }
            total += dot(v, biasOffset[l], d, n);
        }
        return total;
    }

    /**
     * Σ_p g_p² / u_p for g = ∇f(θ; x), after forward and backward, and a flat u (length P) of positive weights: the
     * diagonal approximation of gᵀU⁻¹g that NeuralUCB and NeuralTS use. Reads only the blocks where g is non-zero.
     */
    public double gradientSquaredNormOver(SparseVector x, double[] u) {
        if (u.length != size) throw new IllegalArgumentException("flat vector has " + u.length + ", expected " + size);
        int[] idx = x.indices();
        float[] val = x.values();
        double total = 0;
        for (int l = 0; l <= widths.length; l++) {
            float[] d = delta[l];
            int n = fanOut[l];
            if (l == 0) {
                for (int k = 0; k < idx.length; k++) total += squaredOver(val[k], d, u, weightOffset[0] + idx[k] * n);
            } else {
                float[] in = act[l - 1];
                for (int i = 0; i < in.length; i++) {
                    if (in[i] != 0f) total += squaredOver(in[i], d, u, weightOffset[l] + i * n);
                }
            }
            total += squaredOver(1f, d, u, biasOffset[l]);
        }
        return total;
    }

    /** u_p += scale · g_p² for g = ∇f(θ; x), after forward and backward; touches only the non-zero blocks. */
    public void addSquaredGradient(SparseVector x, double[] u, double scale) {
        if (u.length != size) throw new IllegalArgumentException("flat vector has " + u.length + ", expected " + size);
        int[] idx = x.indices();
        float[] val = x.values();
        for (int l = 0; l <= widths.length; l++) {
            float[] d = delta[l];
            int n = fanOut[l];
            if (l == 0) {
                for (int k = 0; k < idx.length; k++) addSquared(val[k], d, u, weightOffset[0] + idx[k] * n, scale);
            } else {
                float[] in = act[l - 1];
                for (int i = 0; i < in.length; i++) {
                    if (in[i] != 0f) addSquared(in[i], d, u, weightOffset[l] + i * n, scale);
                }
            }
            addSquared(1f, d, u, biasOffset[l], scale);
        }
    }

    private static double squaredOver(float a, float[] d, double[] u, int offset) {
        double s = 0;
        for (int j = 0; j < d.length; j++) {
            double g = (double) a * d[j];
            s += g * g / u[offset + j];
        }
        return s;
    }

    private static void addSquared(float a, float[] d, double[] u, int offset, double scale) {
        for (int j = 0; j < d.length; j++) {
            double g = (double) a * d[j];
            u[offset + j] += scale * g * g;
        }
    }

    /** The dense gradient ∇f(θ; x) into {@code out} (length P, flat order): forward and backward included. */
    public double gradient(SparseVector x, float[] out) {
        checkFlat(out);
        double f = forward(x);
        backward();
        Arrays.fill(out, 0f);
        int[] idx = x.indices();
        float[] val = x.values();
        for (int l = 0; l <= widths.length; l++) {
            float[] d = delta[l];
            int n = fanOut[l];
            if (l == 0) {
                for (int k = 0; k < idx.length; k++) outer(val[k], d, out, weightOffset[0] + idx[k] * n);
            } else {
                float[] in = act[l - 1];
                for (int i = 0; i < in.length; i++) outer(in[i], d, out, weightOffset[l] + i * n);
            }
            System.arraycopy(d, 0, out, biasOffset[l], n);
        }
        return f;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    private void relu(int l) {
        float[] z = pre[l];
        float[] a = act[l];
        // Math.max vectorises where the conditional does not; they differ only for NaN (never a finite network's).
        for (int j = 0; j < z.length; j++) a[j] = Math.max(z[j], 0f);
    }

    private static void axpy(float a, float[] x, float[] y) {
        for (int j = 0; j < y.length; j++) y[j] += a * x[j];
    }

    private static void outer(float a, float[] d, float[] out, int offset) {
        for (int j = 0; j < d.length; j++) out[offset + j] = a * d[j];
    }

    private void copy(float[][] target, float[] flat, boolean toFlat) {
        checkFlat(flat);
        int p = 0;
        for (float[] block : target) {
            if (toFlat) {
                System.arraycopy(block, 0, flat, p, block.length);
            } else {
                System.arraycopy(flat, p, block, 0, block.length);
            }
            p += block.length;
        }
    }

    private void checkFlat(float[] v) {
        if (v.length != size) throw new IllegalArgumentException("flat vector has " + v.length + ", expected " + size);
    }

    private float[] locate(int p) {
        Objects.checkIndex(p, size);
        int l = layerOf(p);
        int row = p >= biasOffset[l] ? fanIn[l] : (p - weightOffset[l]) / fanOut[l];
        return blocks[blockIndex(l, row)];
    }

    private int blockStart(int p) {
        int l = layerOf(p);
        if (p >= biasOffset[l]) return biasOffset[l];
        return weightOffset[l] + (p - weightOffset[l]) / fanOut[l] * fanOut[l];
    }

    private int layerOf(int p) {
        int l = weightOffset.length - 1;
        while (weightOffset[l] > p) l--;
        return l;
    }

    private int blockIndex(int layer, int row) {
        int b = 0;
        for (int l = 0; l < layer; l++) b += fanIn[l] + 1;
        return b + row;
    }

    private static double dot(float[] v, int offset, float[] d, int n) {
        float s = 0f;
        for (int j = 0; j < n; j++) s += v[offset + j] * d[j];
        return s;
    }
}
