package dev.eddy.bandits.neural;

import dev.eddy.events.features.SparseVector;

/**
 * Online gradient descent on a perturbed regression loss: the oracle of NeuCB.
 *
 * <p><b>Our reading of the paper</b> (Deb et al., "Contextual Bandits with Online Neural Regression", ICLR 2024,
 * "a small random perturbation of the network predictions"): in each round a fresh ε_t with mean 0 and covariance
 * σ² I over all P parameters is drawn (the paper's N(0, σ² I); here a random window of a fixed pool,
 * {@link PerturbationPool}, with the same two moments, which are what the perturbed loss's expectation depends on),
 * and the prediction that enters the loss is f̃_t(θ) = f(θ; x_t) + ⟨ε_t, θ − θ₀⟩. For the squared
 * loss this adds σ² ‖θ − θ₀‖² in expectation, which gives the loss the quadratic growth the analysis needs. For the
 * KL loss the perturbation is added to the logit, so that σ(f̃) stays a probability. The gradient of ℓ(f̃_t(θ), y) is
 * ℓ'(f̃) · (∇f(θ; x) + ε_t); ε_t stays fixed across the steps of one round. σ = 0 is the unperturbed baseline.
 *
 * <p>Cost: with σ > 0 every round copies a P-long window and makes three passes over θ (the inner product with
 * θ − θ₀, the inner product with the gradient for clipping, the step with its ε part), so a round is O(P) whatever
 * the sparsity of x. Drawing ε lazily does not help, since ⟨ε, θ − θ₀⟩ reads every coordinate. With σ = 0 a step touches only the first-layer rows of the non-zero
 * inputs.
 */
final class PerturbedRegression {
    private final Mlp net;
    private final Loss loss;
    private final double sigma;
    private final double clip;
    /** ε_t / epsScale in the network's block shape ({@link Mlp#newBlocks}); empty when σ = 0. */
    private final float[][] eps;
    private final PerturbationPool pool = new PerturbationPool();
    /** ε_t = epsScale · eps: σ times the window's sign, folded into the scalars instead of a pass over eps. */
    private float epsScale;
    private final int noiseSize;
    private final GaussianStream noise;
    private double epsSquaredNorm;

    /**
     * @param clip the largest Euclidean norm of one step's gradient; 0 for no clipping
     */
    PerturbedRegression(Mlp net, Loss loss, double sigma, double clip, long noiseSeed) {
        if (!(sigma >= 0)) throw new IllegalArgumentException("sigma must be >= 0");
        if (!(clip >= 0)) throw new IllegalArgumentException("clip must be >= 0");
        if (net.output() != loss.output()) throw new IllegalArgumentException(loss + " needs output " + loss.output());
        this.net = net;
        this.loss = loss;
        this.sigma = sigma;
        this.clip = clip;
        this.eps = sigma > 0 ? net.newBlocks() : new float[0][];
        this.noiseSize = sigma > 0 ? net.size() : 0;
        this.noise = new GaussianStream(noiseSeed);
    }

    Mlp net() {
        return net;
    }

    GaussianStream noise() {
        return noise;
    }

    /** The predicted loss of x: raw output or its sigmoid, unperturbed. */
    double predict(SparseVector x) {
        return net.predict(x);
    }

    /** One round: a fresh ε, then {@code steps} gradient steps of size {@code lr} towards target {@code y}. */
    void update(SparseVector x, double y, double lr, int steps) {
        if (sigma > 0) {
            pool.draw(eps, noise);
            epsScale = (float) (sigma * pool.sign());
            epsSquaredNorm = sigma * sigma * pool.squaredNorm();
        }
        for (int s = 0; s < steps; s++) step(x, y, lr);
    }

    /** Replaces ε by a given vector: lets tests check the gradient at a fixed perturbation. */
    void setNoise(float[] fixed) {
        int p = 0;
        for (float[] block : eps) {
            System.arraycopy(fixed, p, block, 0, block.length);
            p += block.length;
        }
        epsScale = 1f;
        epsSquaredNorm = squaredNorm(fixed);
    }

    /** One gradient step with the current ε, no fresh draw: lets tests follow a step at a fixed perturbation. */
    void stepWithCurrentNoise(SparseVector x, double y, double lr) {
        step(x, y, lr);
    }

    int noiseSize() {
        return noiseSize;
    }

    /** The perturbed loss ℓ(f̃(θ), y) at the current θ and ε. */
    double perturbedLoss(SparseVector x, double y) {
        return loss.value(net.forward(x) + perturbation(), y);
    }

    /** The dense gradient of {@link #perturbedLoss} into {@code out}; for tests. */
    void perturbedLossGradient(SparseVector x, double y, float[] out) {
        double f = net.gradient(x, out);
        double d = loss.derivative(f + perturbation(), y);
        float[] flat = new float[out.length];
        int q = 0;
        for (float[] block : eps) {
            System.arraycopy(block, 0, flat, q, block.length);
            q += block.length;
        }
        for (int p = 0; p < out.length; p++) out[p] = (float) (d * (out[p] + epsScale * flat[p]));
    }

    private void step(SparseVector x, double y, double lr) {
        double f = net.forward(x);
        double d = loss.derivative(f + perturbation(), y);
        net.backward();
        double scale = -lr * d;
        if (clip > 0) {
            double sq = net.gradientSquaredNorm(x);
            if (noiseSize > 0) sq += 2 * epsScale * net.dotGradient(x, eps) + epsSquaredNorm;
            double norm = Math.abs(d) * Math.sqrt(Math.max(sq, 0));
            if (norm > clip) scale *= clip / norm;
        }
        if (noiseSize > 0) {
            net.addGradientAndBlocks(x, scale, eps, (float) (scale * epsScale));
        } else {
            net.addGradient(x, scale);
        }
    }

    private double perturbation() {
        return noiseSize == 0 ? 0 : epsScale * net.dotDisplacement(eps);
    }

    private static double squaredNorm(float[] v) {
        double sum = 0;
        for (float x : v) sum += (double) x * x;
        return sum;
    }
}
