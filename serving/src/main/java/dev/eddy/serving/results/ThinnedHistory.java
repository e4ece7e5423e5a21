package dev.eddy.serving.results;

import java.util.ArrayList;
import java.util.List;

/**
 * The history of a series that arrives one item at a time, kept within {@code capacity} items however long it runs,
 * spread evenly over its whole span: a chart of a week-long experiment still starts at its first read-out.
 *
 * <p>Items are numbered as they arrive (0, 1, 2, ...) and those whose number is a multiple of the current stride are
 * kept. When they and the newest would exceed the capacity, the stride doubles and every other kept item goes, so
 * the kept ones stay evenly spaced in arrival order. The newest item is always part of {@link #items()}, so a chart ends
 * at the current value whatever the stride. Not thread-safe: {@link ResultsStore} guards it.
 */
final class ThinnedHistory<T> {
    private final int capacity;
    private final List<T> kept = new ArrayList<>();
    private final List<Long> keptAt = new ArrayList<>();
    private long stride = 1;
    private long added;
    private T newest;

    /** @param capacity the most items {@link #items()} returns, at least 2 (the first and the newest) */
    ThinnedHistory(int capacity) {
        if (capacity < 2) throw new IllegalArgumentException("capacity must be >= 2, was " + capacity);
        this.capacity = capacity;
    }

    void add(T item) {
        long n = added++;
        newest = item;
        if (n % stride == 0) {
            kept.add(item);
            keptAt.add(n);
        }
        while (size() > capacity) thin();
    }

    /** How many items {@link #items()} returns: the kept ones, and the newest when it is not one of them. */
    private int size() {
        return kept.size() + (newestKept() ? 0 : 1);
    }

    private boolean newestKept() {
        return added == 0 || keptAt.get(keptAt.size() - 1) == added - 1;
    }

    private void thin() {
        stride *= 2;
        int to = 0;
        for (int i = 0; i < kept.size(); i++) {
            if (keptAt.get(i) % stride == 0) {
                kept.set(to, kept.get(i));
                keptAt.set(to, keptAt.get(i));
                to++;
            }
        }
        kept.subList(to, kept.size()).clear();
        keptAt.subList(to, keptAt.size()).clear();
    }

    /** The kept items in arrival order, ending with the newest; at most the capacity. */
    List<T> items() {
        List<T> out = new ArrayList<>(kept.size() + 1);
        out.addAll(kept);
        if (!newestKept()) out.add(newest);
        return out;
    }

    /** The newest item, or null before the first. */
    T newest() {
        return newest;
    }

    /** Items added so far, kept or not. */
    long added() {
        return added;
    }
}
