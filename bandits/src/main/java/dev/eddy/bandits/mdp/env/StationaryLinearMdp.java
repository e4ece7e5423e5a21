package dev.eddy.bandits.mdp.env;

import java.util.SplittableRandom;

/** The oblivious, stationary case: every episode has the same expected loss table ℓ(h, s, a) = ⟨φ(h, s, a), θ*_h⟩. */
public final class StationaryLinearMdp extends LatentLinearMdp {
    private static final long THETA_SALT = 0x5354415449434c4cL;

    private final double[][] theta;
    private final double[][][] losses;

    public StationaryLinearMdp(Config config) {
        super(config);
        theta = randomTheta(new SplittableRandom(config.seed() ^ THETA_SALT), horizon, dimension);
        losses = linearTable(theta);
    }

    /** θ*_h, a copy. */
    public double[] theta(int h) {
        return theta[h].clone();
    }

    @Override
    protected void lossTable(int k, double[][][] out) {
        for (int h = 0; h < horizon; h++) {
            for (int s = 0; s < states; s++) System.arraycopy(losses[h][s], 0, out[h][s], 0, actions);
        }
    }
}
