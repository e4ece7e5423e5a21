package dev.eddy.bandits.mdp.env;

import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.SessionPolicy;

import java.nio.ByteBuffer;

/** π(a|s) = 1/A at every step: the baseline every learner must beat; it learns nothing, so its snapshot is a frame. */
public final class UniformSessionPolicy implements SessionPolicy {
    static final int MAGIC = 0x45445553; // "EDUS"
    static final int VERSION = 1;

    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public void distribution(int step, double[][] features, double[] out) {
        int actions = features.length;
        if (out.length < actions) throw new IllegalArgumentException("out has room for " + out.length + " actions, need " + actions);
        java.util.Arrays.fill(out, 0, actions, 1.0 / actions);
    }

    @Override
    public void learn(Episode episode) {}

    @Override
    public byte[] snapshot() {
        return ByteBuffer.allocate(8).putInt(MAGIC).putInt(VERSION).array();
    }

    @Override
    public void restore(byte[] snapshot) {
        if (snapshot == null || snapshot.length != 8) throw new IllegalArgumentException("not a uniform snapshot");
        ByteBuffer b = ByteBuffer.wrap(snapshot);
        int magic = b.getInt();
        if (magic != MAGIC) throw new IllegalArgumentException("not a uniform snapshot: magic 0x" + Integer.toHexString(magic));
        int version = b.getInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("uniform snapshot has format version " + version + ", this reads " + VERSION);
        }
    }
}
