package dev.eddy.bandits.slate;

import java.util.function.Function;

/**
 * Lends a non-thread-safe object (a learner, an encoder) to one caller at a time, so that a policy built on it can
 * be shared: serving lends per-request copies from a pool, a single-threaded user lends its one instance.
 */
public interface Lender<T> {

    /** Runs {@code use} with an instance nobody else uses meanwhile. */
    <R> R with(Function<? super T, ? extends R> use);

    /** Lends always the same instance: for one thread only. */
    static <T> Lender<T> sole(T instance) {
        return new Lender<>() {
            @Override
            public <R> R with(Function<? super T, ? extends R> use) {
                return use.apply(instance);
            }
        };
    }
}
