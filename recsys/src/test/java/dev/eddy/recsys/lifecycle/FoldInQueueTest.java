package dev.eddy.recsys.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which users and items wait for a fold-in, and what a round takes. */
class FoldInQueueTest {
    private static final IdTables PUBLISHED = new IdTables(new String[] {"p"}, new String[] {"a"}, 1,
            new float[] {1}, new float[] {1});

    private static FoldInQueue queue(Duration itemInterval) {
        return new FoldInQueue(true, itemInterval, List.of(), List.of());
    }

    @Test
    void usersWaitFromTheStartItemsOnlyOnceSomethingIsPublished() {
        FoldInQueue q = queue(Duration.ZERO);
        assertThat(q.offer("x", new String[] {"a", "n"})).isTrue();
        assertThat(q.offer("x", new String[] {"a", "n"})).as("already waiting").isFalse();
        assertThat(q.items()).as("the first retrain trains on every item of the window").isEmpty();
        q.published(PUBLISHED);
        assertThat(q.offer("p", new String[] {"a"})).as("all published").isFalse();
        assertThat(q.offer("p", new String[] {"a", "n", "m"})).isTrue();
        assertThat(q.users()).containsExactly("x");
        assertThat(q.items()).containsExactly("n", "m");
        assertThat(q.waiting()).isTrue();
    }

    @Test
    void aRoundTakesEveryUserAndTheItemsOnlyWhenDue() {
        FoldInQueue q = queue(Duration.ofSeconds(10));
        q.published(PUBLISHED);
        q.offer("x", new String[] {"n"});
        assertThat(q.take(0)).as("the first round takes items at once")
                .isEqualTo(new FoldInQueue.Round(List.of("x"), List.of("n")));
        assertThat(q.waiting()).isFalse();
        q.offer("y", new String[] {"m"});
        assertThat(q.take(9_999)).isEqualTo(new FoldInQueue.Round(List.of("y"), List.of()));
        assertThat(q.waiting()).as("m waits for the item interval").isTrue();
        assertThat(q.items()).containsExactly("m");
        assertThat(q.take(10_000)).isEqualTo(new FoldInQueue.Round(List.of(), List.of("m")));
        assertThat(q.waiting()).isFalse();
    }

    @Test
    void aRetrainRemovesWhatItLearnedAndQueuesTheWindowsNewItemsARollbackItsNewUsersToo() {
        FoldInQueue q = new FoldInQueue(true, Duration.ZERO, List.of("p", "x"), List.of("a", "n"));
        Map<String, WindowEntry> window = new LinkedHashMap<>();
        window.put("p", new WindowEntry(new String[] {"a", "z"}, 0, 1, 0));
        window.put("y", new WindowEntry(new String[] {"a"}, 0, 1, 1));
        q.published(PUBLISHED);
        q.retrained(window);
        assertThat(q.users()).as("the window's users were trained on: only x, which came while it ran, waits").containsExactly("x");
        assertThat(q.items()).containsExactly("n", "z");
        q.take(0);
        q.rolledBack(window);
        assertThat(q.users()).containsExactly("y");
        assertThat(q.items()).containsExactly("z");
    }

    @Test
    void withoutFoldInNothingWaitsAndRestoredOnesLeaveWhenARetrainLearnsThem() {
        FoldInQueue q = new FoldInQueue(false, Duration.ZERO, List.of("p", "x"), List.of());
        q.published(PUBLISHED);
        assertThat(q.offer("y", new String[] {"n"})).isFalse();
        assertThat(q.waiting()).isFalse();
        Map<String, WindowEntry> window = Map.of("q", new WindowEntry(new String[] {"n"}, 0, 1, 0));
        q.retrained(window);
        q.rolledBack(window);
        assertThat(q.users()).containsExactly("x");
        assertThat(q.items()).isEmpty();
    }
}
