package dev.eddy.bandits.baseline;

import dev.eddy.connectors.features.SparseVector;

/** An online least-squares oracle on sparse joint features, as the regression-based baselines use it. */
interface LinearRegressor {
    double predict(SparseVector x);

    void update(SparseVector x, double target);

    void write(Snapshots.Writer w);

    /** Reads a state written by {@link #write}; running the result installs it, so a bad snapshot changes nothing. */
    Runnable read(Snapshots.Reader r);
}
