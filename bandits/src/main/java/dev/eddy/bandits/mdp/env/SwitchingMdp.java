package dev.eddy.bandits.mdp.env;

import java.util.SplittableRandom;

/**
 * Two regimes θ¹, θ² of the linear loss parameters; at each episode boundary the regime flips with probability
 * 1 / meanDwell, so the dwell times are geometric. The switching times come from the seed alone, not from the
 * policy, so the sequence of loss tables is oblivious and the same for every policy run with the same seed.
 */
public final class SwitchingMdp extends LatentLinearMdp {
    private static final long THETA_SALT = 0x5357495443484e47L;
    private static final long SWITCH_SALT = 0x5357495443485431L;

    private final double[][][][] regimes; // [regime][h][s][a]
    private final double switchProbability;
    private final SplittableRandom switches;
    private int regime;

    /** @param meanDwell expected episodes between switches, at least 1 */
    public SwitchingMdp(Config config, double meanDwell) {
        super(config);
        if (!(meanDwell >= 1)) throw new IllegalArgumentException("meanDwell must be at least 1");
        SplittableRandom rng = new SplittableRandom(config.seed() ^ THETA_SALT);
        regimes = new double[][][][] {
            linearTable(randomTheta(rng, horizon, dimension)),
            linearTable(randomTheta(rng, horizon, dimension))
        };
        switchProbability = 1 / meanDwell;
        switches = new SplittableRandom(config.seed() ^ SWITCH_SALT);
    }

    /** The setting with a switch every 100 episodes on average. */
    public SwitchingMdp(Config config) {
        this(config, 100);
    }

    /** The regime (0 or 1) of the episode in progress, or of the last one begun. */
    public int regime() {
        return regime;
    }

    @Override
    protected void lossTable(int k, double[][][] out) {
        if (k > 0 && switches.nextDouble() < switchProbability) regime = 1 - regime;
        double[][][] losses = regimes[regime];
        for (int h = 0; h < horizon; h++) {
            for (int s = 0; s < states; s++) System.arraycopy(losses[h][s], 0, out[h][s], 0, actions);
        }
    }
}
