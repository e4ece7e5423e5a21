package dev.eddy.recsys.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * PLD steps 3–4 as batched tensor work on the device: the BPR loss of every (user, candidate, negative) triple
 * without gradient, then one candidate per user drawn from softmax(−ℓ/τ) with the Gumbel-max trick
 * (argmax of −ℓ/τ + Gumbel noise is an exact draw from that softmax, and needs no per-user loop).
 */
public final class PldResampler {
    private PldResampler() {}

    /**
     * The candidates' losses, B × k: ℓ_j = softplus(s(u, neg) − s(u, c_j)).
     *
     * @param userReps  B × d user representations (detached)
     * @param poolReps  B × k × d candidate item representations (detached)
     * @param negReps   B × d negative item representations (detached)
     */
    public static NDArray candidateLosses(NDArray userReps, NDArray poolReps, NDArray negReps) {
        NDArray u = userReps.expandDims(1);                        // B × 1 × d
        NDArray pos = poolReps.mul(u).sum(new int[] {2});          // B × k
        NDArray neg = negReps.mul(userReps).sum(new int[] {1}, true); // B × 1
        return Activation.softPlus(neg.sub(pos));
    }

    /** One index in [0, k) per row, drawn from softmax(−losses/τ) of that row. */
    public static NDArray choose(NDManager manager, NDArray losses, float tau) {
        Shape shape = losses.getShape();
        // Clipped away from 0 so that −log(−log u) stays finite.
        NDArray u = manager.randomUniform(0f, 1f, shape, losses.getDataType(), losses.getDevice()).clip(1e-12f, 1f - 1e-7f);
        NDArray gumbel = u.log().neg().log().neg();
        return losses.div(-tau).add(gumbel).argMax(1);
    }

    /** The probabilities PLD samples from, softmax(−losses/τ) per row (for tests and diagnostics). */
    public static NDArray probabilities(NDArray losses, float tau) {
        return losses.div(-tau).softmax(1);
    }
}
