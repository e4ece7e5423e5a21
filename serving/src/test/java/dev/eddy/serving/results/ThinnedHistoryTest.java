package dev.eddy.serving.results;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThinnedHistoryTest {

    @Test
    void keepsEverythingUpToTheCapacity() {
        ThinnedHistory<Integer> h = new ThinnedHistory<>(10);
        assertThat(h.items()).isEmpty();
        assertThat(h.newest()).isNull();
        IntStream.range(0, 10).forEach(h::add);
        assertThat(h.items()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(h.added()).isEqualTo(10);
    }

    @Test
    void aLongerSeriesIsThinnedEvenlyOverItsWholeSpanAndEndsWithTheNewest() {
        ThinnedHistory<Integer> h = new ThinnedHistory<>(10);
        IntStream.range(0, 11).forEach(h::add);
        // One more than the capacity: every other one goes, the stride is 2.
        assertThat(h.items()).containsExactly(0, 2, 4, 6, 8, 10);
        IntStream.range(11, 1000).forEach(h::add);
        List<Integer> items = h.items();
        assertThat(items).hasSizeLessThanOrEqualTo(10).startsWith(0).endsWith(999);
        // Evenly spaced by arrival, but for the newest (the stride is 128 by now: 0, 128, ..., 896, then 999).
        List<Integer> steps = new ArrayList<>();
        for (int i = 1; i < items.size() - 1; i++) steps.add(items.get(i) - items.get(i - 1));
        assertThat(steps).containsOnly(128);
        assertThat(items).hasSize(9);
        assertThat(h.added()).isEqualTo(1000);
    }

    @Test
    void neverHoldsMoreThanTheCapacityWhateverTheCount() {
        for (int capacity : new int[] {2, 3, 7, 720}) {
            ThinnedHistory<Integer> h = new ThinnedHistory<>(capacity);
            for (int n = 0; n < 5000; n++) {
                h.add(n);
                List<Integer> items = h.items();
                assertThat(items).as("capacity %d after %d", capacity, n + 1).hasSizeLessThanOrEqualTo(capacity)
                        .startsWith(0).endsWith(n).isSorted();
                // Thinned to no less than about half the capacity: the span stays well covered.
                assertThat(items.size()).isGreaterThanOrEqualTo(Math.min(n + 1, capacity / 2));
            }
        }
    }

    @Test
    void capacityBelowTwoIsRefused() {
        assertThatThrownBy(() -> new ThinnedHistory<Integer>(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
