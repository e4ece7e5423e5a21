package dev.eddy.bandits.mdp.policy;

import java.util.Arrays;

/** A state as the policy sees it, its feature matrix [A][d], compared by value. Holds a copy. */
final class StateKey {
    final double[][] features;
    private final int hash;

    private StateKey(double[][] features) {
        this.features = features;
        this.hash = Arrays.deepHashCode(features);
    }

    /** Wraps without copying: for look-ups only, never to be stored. */
    static StateKey view(double[][] features) {
        return new StateKey(features);
    }

    static StateKey copyOf(double[][] features) {
        double[][] f = new double[features.length][];
        for (int a = 0; a < f.length; a++) f[a] = features[a].clone();
        return new StateKey(f);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateKey k && k.hash == hash && Arrays.deepEquals(k.features, features);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
