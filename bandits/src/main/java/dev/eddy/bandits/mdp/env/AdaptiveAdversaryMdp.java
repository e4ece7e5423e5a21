package dev.eddy.bandits.mdp.env;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * An adaptive adversary on top of stationary linear losses θ_h: it counts how often each action was played over the
 * last {@code window} episodes (all steps) and raises the loss along the features of the most played action a*:
 * θ'_{h,i} = θ_{h,i} + boost·(1 − θ_{h,i})·v_{h,i}, where v_h is the mean over states of φ(h, s, a*) scaled so
 * that its largest coordinate is 1. The raised losses stay linear in φ (the environment stays a linear MDP) and in
 * [0, 1]; a* is raised in every (h, s) and most on average, and actions whose features overlap a*'s are raised
 * with it. A policy that settles on one action is punished, so only one that keeps spreading its play can have low
 * regret against the best fixed policy on the tables the adversary chose.
 */
public final class AdaptiveAdversaryMdp extends LatentLinearMdp {
    private static final long THETA_SALT = 0x4144415054495645L;

    private final double[][] base; // θ_h
    private final double[][][] direction; // [a][h] v_h for a* = a
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
        base = randomTheta(new SplittableRandom(config.seed() ^ THETA_SALT), horizon, dimension);
        counts = new int[actions];
        direction = new double[actions][horizon][dimension];
        for (int a = 0; a < actions; a++) {
            for (int h = 0; h < horizon; h++) {
                double[] v = direction[a][h];
                for (int s = 0; s < states; s++) {
                    double[] phi = feature(h, s, a);
                    for (int i = 0; i < dimension; i++) v[i] += phi[i];
                }
                double max = 0;
                for (double x : v) max = Math.max(max, x);
                for (int i = 0; i < dimension; i++) v[i] /= max;
            }
        }
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
        double[][] theta = new double[horizon][];
        for (int h = 0; h < horizon; h++) {
            theta[h] = base[h].clone();
            if (target >= 0) {
                for (int i = 0; i < dimension; i++) theta[h][i] += boost * (1 - theta[h][i]) * direction[target][h][i];
            }
        }
        double[][][] losses = linearTable(theta);
        for (int h = 0; h < horizon; h++) {
            for (int s = 0; s < states; s++) System.arraycopy(losses[h][s], 0, out[h][s], 0, actions);
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
