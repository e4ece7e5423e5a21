package dev.eddy.bandits.neural;

import dev.eddy.connectors.features.SparseVector;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fully connected ReLU network f(θ; x) with a scalar output, on a sparse input of dimension D.
 *
 * <p>All parameters live in one flat array θ so that the perturbation ⟨ε, θ − θ₀⟩ and its gradient are plain loops
 * over one array. Every weight matrix is stored input-major (row i holds the weights from input i to all units of the
 * next layer): the first layer then only reads the rows of the non-zero inputs, contiguously, and the other layers
 * skip the rows of inactive (zero) ReLU units.
 *
 * <p>{@link #forward} and {@link #backward} keep their activations and back-propagated errors in buffers allocated
 * at construction, so a network is single-threaded and allocation-free after construction. The gradient is never
 * materialised in the hot path: for each layer it is the outer product of the layer's input and its error δ, so
 * {@link #addGradient}, {@link #gradientSquaredNorm} and {@link #dotGradient} work from the input and δ directly.
 */
public final class Mlp {

    /** How the network's last (linear) unit is reported by {@link #predict}. */
    public enum Output { RAW, SIGMOID }

    private final int inputDim;
    private final int[] widths;
    private final Output output;
    private final float[] theta;
    private final float[] theta0;
    // Per layer l = 0..L (L = number of hidden layers; layer L is the output unit).
    private final int[] fanIn;
    private final int[] fanOut;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final float[][] pre;
    private final float[][] act;
    private final float[][] delta;

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
        theta = new float[Math.toIntExact(size)];
        for (int l = 0; l < layers; l++) {
            double std = Math.sqrt((l == widths.length ? 1.0 : 2.0) / fanIn[l]);
            int end = weightOffset[l] + fanIn[l] * fanOut[l];
            for (int p = weightOffset[l]; p < end; p++) theta[p] = (float) (std * rng.nextGaussian());
        }
        theta0 = theta.clone();
        pre = new float[layers][];
        act = new float[layers][];
        delta = new float[layers][];
        for (int l = 0; l < layers; l++) {
            pre[l] = new float[fanOut[l]];
            act[l] = new float[fanOut[l]];
            delta[l] = new float[fanOut[l]];
        }
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
        return theta.length;
    }

    /** The live parameter vector θ (not a copy): learners update it in place. */
    public float[] parameters() {
        return theta;
    }

    /** The parameters at initialisation θ₀ (not a copy), the centre of the perturbation. */
    public float[] initialParameters() {
        return theta0;
    }

    /** The raw output f(θ; x), keeping the activations for {@link #backward}. */
    public double forward(SparseVector x) {
        if (x.dimension() != inputDim) {
            throw new IllegalArgumentException("input has dimension " + x.dimension() + ", expected " + inputDim);
        }
        int[] idx = x.indices();
        float[] val = x.values();
        float[] z = pre[0];
        int h = fanOut[0];
        System.arraycopy(theta, biasOffset[0], z, 0, h);
        for (int k = 0; k < idx.length; k++) {
            float v = val[k];
            int row = weightOffset[0] + idx[k] * h;
            for (int j = 0; j < h; j++) z[j] += v * theta[row + j];
        }
        relu(0);
        int last = widths.length;
        for (int l = 1; l <= last; l++) {
            float[] in = act[l - 1];
            float[] out = pre[l];
            int n = fanOut[l];
            System.arraycopy(theta, biasOffset[l], out, 0, n);
            for (int i = 0; i < in.length; i++) {
                float a = in[i];
                if (a == 0f) continue;
                int row = weightOffset[l] + i * n;
                for (int j = 0; j < n; j++) out[j] += a * theta[row + j];
            }
            if (l < last) relu(l);
        }
        return pre[last][0];
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
            int n = fanOut[l];
            for (int i = 0; i < below.length; i++) {
                if (z[i] <= 0f) {
                    below[i] = 0f;
                    continue;
                }
                int row = weightOffset[l] + i * n;
                float s = 0f;
                for (int j = 0; j < n; j++) s += theta[row + j] * d[j];
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
            int n = fanOut[l];
            if (l == 0) {
                for (int k = 0; k < idx.length; k++) axpy(s * val[k], d, weightOffset[0] + idx[k] * n, n);
            } else {
                float[] in = act[l - 1];
                for (int i = 0; i < in.length; i++) {
                    if (in[i] != 0f) axpy(s * in[i], d, weightOffset[l] + i * n, n);
                }
            }
            axpy(s, d, biasOffset[l], n);
        }
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

    /** The dense gradient ∇f(θ; x) into {@code out} (length P): forward and backward included. For tests and tools. */
    public double gradient(SparseVector x, float[] out) {
        double f = forward(x);
        backward();
        Arrays.fill(out, 0f);
        float[] saved = theta.clone();
        // addGradient adds to θ; run it on a zero vector by swapping contents, keeping one code path for the maths.
        System.arraycopy(out, 0, theta, 0, theta.length);
        addGradient(x, 1.0);
        System.arraycopy(theta, 0, out, 0, theta.length);
        System.arraycopy(saved, 0, theta, 0, theta.length);
        return f;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    private void relu(int l) {
        float[] z = pre[l];
        float[] a = act[l];
        for (int j = 0; j < z.length; j++) a[j] = z[j] > 0f ? z[j] : 0f;
    }

    private void axpy(float a, float[] x, int offset, int n) {
        for (int j = 0; j < n; j++) theta[offset + j] += a * x[j];
    }

    private static double dot(float[] v, int offset, float[] d, int n) {
        float s = 0f;
        for (int j = 0; j < n; j++) s += v[offset + j] * d[j];
        return s;
    }
}
