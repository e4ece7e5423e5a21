package dev.eddy.serving.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeenItemsTest {

    @Test
    void keepsTheMostRecentItemsPerUser() {
        SeenItems seen = new SeenItems(10, 3);
        for (String item : List.of("a", "b", "c", "a", "d")) seen.record("u", item);
        // "a" was seen again after "b" and "c", so "b" is the oldest and goes first.
        assertThat(seen.seen("u")).containsExactly("c", "a", "d");
        assertThat(seen.excluder("u").test("b")).isFalse();
        assertThat(seen.excluder("u").test("d")).isTrue();
        assertThat(seen.seen("nobody")).isEmpty();
    }

    @Test
    void dropsTheLeastRecentlyActiveUserBeyondMaxUsers() {
        SeenItems seen = new SeenItems(2, 5);
        seen.record("u1", "a");
        seen.record("u2", "a");
        seen.seen("u1");            // a read counts as activity: u2 is now the least recent
        seen.record("u3", "a");
        assertThat(seen.users()).isEqualTo(2);
        assertThat(seen.seen("u2")).isEmpty();
        assertThat(seen.seen("u1")).containsExactly("a");
        assertThat(seen.seen("u3")).containsExactly("a");
    }

    @Test
    void staysWithinItsBoundsUnderConcurrentWriters() throws Exception {
        SeenItems seen = new SeenItems(50, 4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) seen.record("u" + (i % 120), "i" + thread + "-" + i);
                }));
            }
            for (Future<?> f : tasks) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen.users()).isEqualTo(50);
        for (int u = 0; u < 120; u++) assertThat(seen.seen("u" + u).size()).isLessThanOrEqualTo(4);
    }

    @Test
    void aLargeTableIsStripedYetKeepsItsBoundAndEveryUsersItems() {
        SeenItems seen = new SeenItems(10_000, 2);
        for (int u = 0; u < 30_000; u++) seen.record("u" + u, "i" + u);
        // Each stripe drops its least recently active users: the table holds exactly its bound, the newest users.
        assertThat(seen.users()).isEqualTo(10_000);
        assertThat(seen.seen("u29999")).containsExactly("i29999");
        assertThat(seen.seen("u0")).isEmpty();
        int recentKept = 0;
        for (int u = 29_000; u < 30_000; u++) if (!seen.seen("u" + u).isEmpty()) recentKept++;
        assertThat(recentKept).isEqualTo(1_000);
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> new SeenItems(0, 1)).hasMessageContaining("maxUsers");
        assertThatThrownBy(() -> new SeenItems(1, 0)).hasMessageContaining("itemsPerUser");
        assertThatThrownBy(() -> new SeenItems(1, 1).record("", "a")).hasMessageContaining("userId");
        assertThatThrownBy(() -> new SeenItems(1, 1).record("u", null)).hasMessageContaining("itemId");
    }
}
