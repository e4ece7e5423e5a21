package dev.eddy.recsys.lifecycle;

import dev.eddy.events.json.EventJson;
import dev.eddy.recsys.data.ImplicitDataset;
import dev.eddy.recsys.data.SyntheticData;
import dev.eddy.recsys.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle without the machinery that runs it: retrain, gate, fold-in and rollback as its owner sees them. */
class ModelLifecycleTest {
    private static final ImplicitDataset DATA = new SyntheticData(100, 60, 10, 20, 4, 4.0, 0.3).generate(5);
    private static final TrainingConfig CONFIG = TrainingConfig.builder().dim(8).epochs(4).warmupEpochs(0)
            .batchSize(128).learningRate(0.01f).seed(3).device("cpu").build();

    private static LifecycleSettings settings(int minInteractions, Duration foldIn, Duration itemFoldIn) {
        return new LifecycleSettings("recs", 1_000_000, minInteractions, 0.01, foldIn, itemFoldIn, 2, CONFIG);
    }

    private static ModelLifecycle fresh(LifecycleSettings s) {
        return ModelLifecycle.restore(s, Map.of(), List.of(), List.of(), null);
    }

    /** Users [from, to) of the data set, each with its whole history as one update. */
    private static void feed(ModelLifecycle l, int from, int to) {
        long t = 0;
        for (int u = from; u < to; u++) {
            int[] its = DATA.byUser().of(u);
            String[] items = new String[its.length];
            for (int k = 0; k < its.length; k++) items[k] = "i" + its[k];
            l.update("u" + u, items, t, t + its.length - 1);
            t += its.length;
        }
    }

    @Test
    void aRetrainWaitsForEnoughDataIsGatedAndKeptWithWhatItWasTrainedOn() {
        ModelLifecycle tooLittle = fresh(settings(100_000, Duration.ZERO, Duration.ZERO));
        feed(tooLittle, 0, 60);
        assertThat(tooLittle.retrainTask(null, null)).isEmpty();

        ModelLifecycle l = fresh(settings(10, Duration.ZERO, Duration.ZERO));
        feed(l, 0, 60);
        RetrainTask task = l.retrainTask(null, null).orElseThrow();
        assertThat(task.window()).hasSize(60);
        assertThat(task.warmStart()).isNull();
        RetrainOutcome o = task.run(() -> false);
        assertThat(l.gate(o)).isEqualTo(new Gate.Decision(true, "first version"));

        ModelLifecycle.Accepted a = l.retrained(o, 7, 1_000, Map.of());
        KeptVersion v = a.version();
        assertThat(v.version()).isEqualTo(7);
        assertThat(v.createdAt()).isEqualTo(1_000);
        assertThat(v.trainedFrom()).isEqualTo(7);
        assertThat(v.rolledBackFrom()).isZero();
        assertThat(v.recall()).isEqualTo(o.candidate().recall());
        assertThat(v.interactions()).isEqualTo(o.window().interactions());
        assertThat(v.dataTo()).isEqualTo(o.window().to().toEpochMilli());
        assertThat(v.representations()).as("MF scores with its parameters").isNull();
        assertThat(v.scoring().userIds()).hasSize(60);
        assertThat(v.trainingParams()).isEqualTo(CONFIG.asMap());
        assertThat(a.record()).isEqualTo(VersionRecord.retrain(v, o, Map.of()));

        // The next retrain continues from it and is gated against what is published.
        RetrainTask next = l.retrainTask(v, v.scoring()).orElseThrow();
        assertThat(next.warmStart().users().ids()).isEqualTo(List.of(v.parameters().userIds()));
        assertThat(next.published()).isSameAs(v.scoring());
    }

    /** Published: users p, q with rows (1, 2), (3, 6); items a, b. */
    private static final IdTables BASE = new IdTables(new String[] {"p", "q"}, new String[] {"a", "b"}, 2,
            new float[] {1, 2, 3, 6}, new float[] {5, 0, 0, 5});

    private static KeptVersion current(String config) {
        return new KeptVersion(4, 0, 0.5, 0.25, 10, 100, BASE, null, 3, 2, 1_000, 2_000, config);
    }

    @Test
    void newUsersGoOutEveryRoundNewItemsOnlyEveryItemInterval() {
        ModelLifecycle l = ModelLifecycle.restore(settings(10, Duration.ofSeconds(1), Duration.ofSeconds(10)), Map.of(),
                List.of(), List.of(), BASE);
        assertThat(l.update("p", new String[] {"a"}, 0, 0)).as("all published").isFalse();
        assertThat(l.foldInWaiting()).isFalse();
        assertThat(l.update("x", new String[] {"a", "n"}, 0, 1)).isTrue();
        ModelLifecycle.FoldedIn first = l.foldIn(BASE, current(null), 0).orElseThrow();
        assertThat(first.round().users()).containsExactly("x");
        assertThat(first.round().items()).containsExactly("n");
        assertThat(first.record().params()).containsEntry("kind", "fold-in").containsEntry("trainedVersion", "3");
        assertThat(first.record().modelType()).isEqualTo(CONFIG.backbone().label());
        IdTables published = first.round().tables();

        // y knows only n, which the last round published: y goes at once; m waits for the item interval.
        assertThat(l.update("y", new String[] {"n", "m"}, 0, 1)).isTrue();
        ModelLifecycle.FoldedIn usersOnly = l.foldIn(published, current(null), 1_000).orElseThrow();
        assertThat(usersOnly.round().users()).containsExactly("y");
        assertThat(usersOnly.round().items()).isEmpty();
        assertThat(l.foldInWaiting()).isTrue();
        assertThat(l.pendingItems()).containsExactly("m");
        assertThat(l.foldIn(usersOnly.round().tables(), current(null), 9_999)).as("not due").isEmpty();
        ModelLifecycle.FoldedIn items = l.foldIn(usersOnly.round().tables(), current(null), 10_000).orElseThrow();
        assertThat(items.round().items()).containsExactly("m");
        assertThat(l.foldInWaiting()).isFalse();
    }

    @Test
    void aRollbackRepublishesAKeptVersionAndItsWindowUsersThatItLacksWaitForAFoldIn() {
        ModelLifecycle l = ModelLifecycle.restore(settings(10, Duration.ofSeconds(1), Duration.ZERO), Map.of(),
                List.of(), List.of(), BASE.withUsers(new String[] {"z"}, new float[] {7, 7}));
        l.update("z", new String[] {"b"}, 0, 1);
        assertThat(l.foldInWaiting()).as("z is in the published tables").isFalse();
        assertThat(l.rollback(9, 5, List.of(4L, 5L)).reason()).isEqualTo("no version 9 kept for recs; kept: [4, 5], current 5");
        assertThat(l.rollback(4, 5, List.of(4L, 5L)).accepted()).isTrue();

        KeptVersion target = current(EventJson.writeString(CONFIG.asMap()));
        ModelLifecycle.Accepted a = l.rolledBack(target, 6, 5, 2_000, "bad", null);
        assertThat(a.version()).isEqualTo(target.republishedAs(6, 2_000));
        assertThat(a.version().rolledBackFrom()).isEqualTo(4);
        assertThat(a.version().trainedVersion()).isEqualTo(3);
        assertThat(a.record()).isEqualTo(VersionRecord.rollback(a.version(), 5, "bad", null));
        assertThat(l.pendingUsers()).as("z came after version 4").containsExactly("z");
        ModelLifecycle.FoldedIn z = l.foldIn(a.version().scoring(), a.version(), 3_000).orElseThrow();
        assertThat(z.round().users()).containsExactly("z");
        assertThat(z.round().tables().users()).containsExactly(1, 2, 3, 6, 0, 5);

        assertThat(l.prunable(List.of(1L, 2L, 3L, 4L, 6L))).as("keep-versions 2 + the current one").containsExactly(1L, 2L);
        assertThat(l.prunable(List.of(4L, 6L))).isEmpty();
    }
}
