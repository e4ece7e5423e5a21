package dev.eddy.serving.model;

import dev.eddy.bandits.slate.Lender;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Copies of a non-thread-safe object (a learner, an encoder) lent to one caller at a time: a caller takes an idle
 * copy or makes one, uses it alone, and gives it back. There are never more copies than callers ever ran at once,
 * and they go with the pool when a newer model version replaces it (no ThreadLocal outliving its version).
 */
final class CopyPool<T> implements Lender<T> {
    private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();
    private final Supplier<T> factory;

    CopyPool(Supplier<T> factory) {
        this.factory = factory;
    }

    /** Runs {@code use} with a copy nobody else uses meanwhile. */
    @Override
    public <R> R with(Function<? super T, ? extends R> use) {
        T copy = idle.pollFirst();
        if (copy == null) copy = factory.get();
        try {
            return use.apply(copy);
        } finally {
            // Last in, first out: the copy used most recently is warm in the cache.
            idle.offerFirst(copy);
        }
    }

    /** Adds a copy made elsewhere (e.g. while checking that a version restores at all). */
    void add(T copy) {
        idle.offerFirst(copy);
    }

    /** Copies made so far and idle now. */
    int idleCopies() {
        return idle.size();
    }
}
