package dev.eddy.bandits.baseline;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;

import java.util.SplittableRandom;

/**
 * Every action with probability 1/K: the floor any learner has to beat, and the logging policy whose data every
 * off-policy estimator can use. It learns nothing, so it needs no configuration; its snapshot is only the frame.
 */
public final class UniformRandom implements ContextualBandit {
    static final int MAGIC = 0x45445552; // "EDUR"
    static final int VERSION = 1;

    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public Choice choose(BanditRound round, SplittableRandom rng) {
        int k = round.size();
        double[] p = new double[k];
        java.util.Arrays.fill(p, 1.0 / k);
        int a = rng.nextInt(k);
        return new Choice(a, p[a], p);
    }

    @Override
    public boolean honoursWeight() {
        return true; // it learns nothing, weighted or not
    }

    @Override
    public void learn(BanditRound round, int action, double probability, double reward) {
        Rounds.checkOutcome(round, action, probability, reward);
    }

    @Override
    public byte[] snapshot() {
        return Snapshots.writer(MAGIC, VERSION).toBytes();
    }

    @Override
    public void restore(byte[] snapshot) {
        Snapshots.reader(snapshot, MAGIC, VERSION, name()).expectEnd();
    }
}
