package dev.eddy.bandits.baseline;

import dev.eddy.events.features.SparseVector;

/** An online least-squares oracle on sparse joint features, as the regression-based baselines use it. */
interface LinearRegressor {
    double predict(SparseVector x);

    default void update(SparseVector x, double target) {
        update(x, target, 1.0);
    }

    /** One update on (x, target) counted {@code weight} times; weight 1 is the plain update, bit for bit. */
    void update(SparseVector x, double target, double weight);

    /**
     * Whether a large weight is safe: the update follows the weight in closed form and never overshoots the target
     * (Karampatziakis &amp; Langford 2011). Only such an oracle is given SquareCB's 1/(K·p) importance weights.
     */
    default boolean importanceAware() {
        return false;
    }

    void write(Snapshots.Writer w);

    /** Reads a state written by {@link #write}; running the result installs it, so a bad snapshot changes nothing. */
    Runnable read(Snapshots.Reader r);
}
