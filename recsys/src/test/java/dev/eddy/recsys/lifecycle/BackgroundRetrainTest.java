package dev.eddy.recsys.lifecycle;

import dev.eddy.recsys.train.TrainingConfig;
import dev.eddy.recsys.train.TrainingLock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A retrain on a thread of its own: polled for its outcome, or discarded. */
class BackgroundRetrainTest {
    private static final TrainingConfig CONFIG = TrainingConfig.builder().dim(4).epochs(2).warmupEpochs(0)
            .batchSize(64).seed(1).device("cpu").build();

    /** 40 users with three items each out of 20. */
    private static RetrainTask task() {
        List<Map.Entry<String, WindowEntry>> window = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            String[] items = {"i" + u % 20, "i" + (u + 1) % 20, "i" + (u + 7) % 20};
            window.add(Map.entry("u" + u, new WindowEntry(items, 0, 2, u)));
        }
        return new RetrainTask(window, CONFIG, null, null);
    }

    private static BackgroundRetrain.Finished await(BackgroundRetrain b) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<BackgroundRetrain.Finished> f = b.poll();
            if (f.isPresent()) return f.get();
            assertThat(b.isRunning()).isTrue();
            Thread.sleep(10);
        }
        throw new AssertionError("no result within 60 s");
    }

    @Test
    void aFinishedRetrainIsPolledOnceThenAnotherMayStart() throws Exception {
        try (BackgroundRetrain b = new BackgroundRetrain("test-retrain", getClass().getClassLoader())) {
            assertThat(b.poll()).isEmpty();
            b.start(task());
            assertThatThrownBy(() -> b.start(task())).isInstanceOf(IllegalStateException.class);
            BackgroundRetrain.Finished f = await(b);
            assertThat(f.discarded()).isFalse();
            assertThat(f.failure()).isNull();
            assertThat(f.outcome().model().users().size()).isEqualTo(40);
            assertThat(b.isRunning()).isFalse();
            assertThat(b.poll()).isEmpty();
            // The same task again trains the same model: a start clears what a discard set.
            b.start(task());
            b.discard();
            assertThat(await(b).discarded()).isTrue();
            b.start(task());
            assertThat(await(b).outcome().model().parameters().users()).containsExactly(f.outcome().model().parameters().users());
        }
        assertThat(TrainingLock.isTraining()).isFalse();
    }
}
