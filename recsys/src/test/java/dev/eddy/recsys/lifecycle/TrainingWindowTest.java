package dev.eddy.recsys.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingWindowTest {
    /** A user's history after an interaction at {@code t}, as an update. */
    private static void update(TrainingWindow w, String user, long t, String... items) {
        w.update(user, items, t, t);
    }

    @Test
    void theLeastRecentlyUpdatedUsersLeaveWholeWhenTheWindowIsFull() {
        TrainingWindow w = new TrainingWindow(5);
        update(w, "a", 1, "x", "y");
        update(w, "b", 2, "x");
        update(w, "a", 3, "x", "y", "z"); // a replaces its entry and becomes the most recent
        assertThat(w.size()).isEqualTo(4);
        w.drainDirty();
        update(w, "c", 4, "p", "q");
        // 6 > 5: b (least recently updated) leaves; 5 fits.
        assertThat(w.entries().keySet()).containsExactly("a", "c");
        assertThat(w.size()).isEqualTo(5);
        assertThat(w.drainDirty()).containsExactlyInAnyOrder("b", "c");
        assertThat(w.drainDirty()).isEmpty();
    }

    @Test
    void oneUserLargerThanTheWindowStaysAlone() {
        TrainingWindow w = new TrainingWindow(2);
        update(w, "a", 1, "x");
        update(w, "b", 2, "x", "y", "z");
        assertThat(w.entries().keySet()).containsExactly("b");
    }

    @Test
    void restoreKeepsTheUpdateOrderAndAppliesASmallerBound() {
        TrainingWindow w = new TrainingWindow(10);
        update(w, "a", 1, "x");
        update(w, "b", 2, "x", "y");
        update(w, "a", 3, "x", "z");
        Map<String, WindowEntry> mirrored = new HashMap<>(w.entries());
        TrainingWindow same = TrainingWindow.restore(10, mirrored);
        assertThat(same.entries().keySet()).containsExactly("b", "a");
        update(same, "c", 4, "q");
        assertThat(List.copyOf(same.entries().keySet())).containsExactly("b", "a", "c");
        TrainingWindow smaller = TrainingWindow.restore(2, mirrored);
        assertThat(smaller.entries().keySet()).containsExactly("a");
        assertThat(smaller.drainDirty()).as("the evicted user is deleted from state at the next barrier").containsExactly("b");
    }
}
