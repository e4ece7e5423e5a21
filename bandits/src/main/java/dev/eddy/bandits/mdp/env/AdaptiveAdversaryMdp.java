package dev.eddy.bandits.mdp.env;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * An adaptive adversary on top of a stationary linear table: it counts how often each action was played over the
 * last {@code window} episodes (all steps) and raises the loss of the most played one in every (h, s) to
 * ℓ + boost·(1 − ℓ), which keeps it in [0, 1]. A policy that settles on one action is punished, so only one that
 * keeps spreading its play can have low regret against the best fixed policy on the tables the adversary chose.
 */
public final class AdaptiveAdversaryMdp extends LatentLinearMdp {
    private static final long THETA_SALT = 0x4144415054495645L;

    private final double[][][] base;
    private final int window;
    private final double boost;
    private final ArrayDeque<int[]> recent = new ArrayDeque<>();
    private final int[] counts;
    private int target = -1;

    /**
     * @param window episodes the adversary looks back over, at least 1
     * @param boost fraction of the distance to 1 added to the most played action's loss, in [0, 1]
     */
    public AdaptiveAdversaryMdp(Config config, int window, double boost) {
        super(config);
        if (window < 1) throw new IllegalArgumentException("window must be at least 1");
        if (!(boost >= 0 && boost <= 1)) throw new IllegalArgumentException("boost must be in [0, 1]");
        this.window = window;
        this.boost = boost;
        base = linearTable(randomTheta(new SplittableRandom(config.seed() ^ THETA_SALT), horizon, dimension));
        counts = new int[actions];
    }

    /** The setting: a window of 20 episodes, boost ½. */
    public AdaptiveAdversaryMdp(Config config) {
        this(config, 20, 0.5);
    }

    /** The action whose loss is raised in the episode in progress, or −1 while nothing has been played. */
    public int target() {
        return target;
    }

    @Override
    protected void lossTable(int k, double[][][] out) {
        target = -1;
        int most = 0;
        for (int a = 0; a < actions; a++) {
            if (counts[a] > most) { // strict: ties go to the lowest action, so the choice is deterministic
                most = counts[a];
                target = a;
            }
        }
        for (int h = 0; h < horizon; h++) {
            for (int s = 0; s < states; s++) {
                System.arraycopy(base[h][s], 0, out[h][s], 0, actions);
                if (target >= 0) out[h][s][target] += boost * (1 - out[h][s][target]);
            }
        }
    }

    @Override
    protected void episodeEnded(int k, int[] played) {
        recent.addLast(played);
        for (int a : played) counts[a]++;
        if (recent.size() > window) {
            for (int a : recent.removeFirst()) counts[a]--;
        }
    }
}
