package dev.eddy.bandits.mdp.policy;

import dev.eddy.bandits.baseline.LinUcb;
import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.events.features.SparseVector;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Baseline that ignores the session: one shared-mode {@link LinUcb} over φ(s, a) for every step, learning the
 * reward 1 − (loss of that step) — myopic, blind to what an action does to later steps. It is deterministic: the
 * distribution is one-hot on the largest upper confidence bound, uniform over exact ties (as before any update).
 */
public final class PerStepLinUcbPolicy implements SessionPolicy {
    static final int MAGIC = 0x4544504c; // "EDPL"
    static final int VERSION = 1;

    private final LinUcb linUcb;
    private final int d;
    private double[] ucb = new double[0];

    /** @param ridge λ and @param alpha the confidence width of the wrapped LinUCB */
    public PerStepLinUcbPolicy(int dimension, double ridge, double alpha) {
        this.linUcb = LinUcb.shared(dimension, ridge, alpha);
        this.d = dimension;
    }

    @Override
    public String name() {
        return "linucb-per-step";
    }

    @Override
    public void distribution(int step, double[][] features, double[] out) {
        if (step < 0) throw new IllegalArgumentException("negative step");
        Dense.checkFeatures(features, d, out);
        int actions = features.length;
        if (ucb.length < actions) ucb = new double[actions];
        linUcb.upperBounds(round(features), ucb);
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < actions; a++) max = Math.max(max, ucb[a]);
        int ties = 0;
        for (int a = 0; a < actions; a++) if (ucb[a] == max) ties++;
        for (int a = 0; a < actions; a++) out[a] = ucb[a] == max ? 1.0 / ties : 0;
    }

    @Override
    public void learn(Episode episode) {
        for (int h = 0; h < episode.length(); h++) {
            Dense.checkFeatures(episode.features()[h], d);
            linUcb.learn(round(episode.features()[h]), episode.actions()[h], episode.probabilities()[h], 1 - episode.losses()[h]);
        }
    }

    /**
     * Dense rows to {@link SparseVector}s. LinUCB stores floats, so φ is rounded to float precision here: harmless
     * for a baseline.
     */
    static BanditRound round(double[][] features) {
        List<SparseVector> rows = new ArrayList<>(features.length);
        for (double[] phi : features) {
            int nnz = 0;
            for (double v : phi) if (v != 0) nnz++;
            int[] idx = new int[nnz];
            float[] val = new float[nnz];
            int k = 0;
            for (int i = 0; i < phi.length; i++) {
                if (phi[i] != 0) {
                    idx[k] = i;
                    val[k++] = (float) phi[i];
                }
            }
            rows.add(new SparseVector(idx, val, phi.length));
        }
        return new BanditRound(rows);
    }

    @Override
    public byte[] snapshot() {
        byte[] inner = linUcb.snapshot();
        return ByteBuffer.allocate(8 + inner.length).putInt(MAGIC).putInt(VERSION).put(inner).array();
    }

    /** LinUCB's own snapshot checks its configuration. */
    @Override
    public void restore(byte[] snapshot) {
        ByteBuffer b = Dense.open(snapshot, MAGIC, VERSION, name());
        byte[] inner = new byte[b.remaining()];
        b.get(inner);
        linUcb.restore(inner);
    }
}
