package dev.eddy.recsys.lifecycle;

import dev.eddy.recsys.data.IdIndex;
import dev.eddy.recsys.data.UserItems;
import dev.eddy.recsys.snapshot.DataWindow;
import dev.eddy.recsys.train.TrainingData;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A retrain's data from a copy of the training window: every user's newest item is held out for the gate's
 * evaluation when the user has at least two (leave-last-out, as serving meets a user: with their past, asked for
 * what comes next), and the one before it is the trainer's validation (early stopping, PLD's warm-up) when the user
 * has at least three, so that the gate does not measure on what the trainer selected on; the rest are the training
 * positives. Users and items are indexed in window order.
 *
 * @param data         training positives
 * @param validation   each user's validation item (empty for users with fewer than three items)
 * @param holdout      each user's held-out item (empty for users with one item)
 * @param window       event-time range and count of the window's interactions
 * @param holdoutUsers users with a held-out item
 */
public record TrainingSet(TrainingData data, UserItems validation, UserItems holdout, DataWindow window,
                          int holdoutUsers) {

    public static TrainingSet of(List<Map.Entry<String, WindowEntry>> entries) {
        IdIndex users = new IdIndex();
        IdIndex items = new IdIndex();
        int[][] train = new int[entries.size()][];
        int[][] valid = new int[entries.size()][];
        int[][] held = new int[entries.size()][];
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        long count = 0;
        int holdoutUsers = 0;
        for (var e : entries) {
            int u = users.add(e.getKey());
            String[] its = e.getValue().items();
            int n = its.length >= 3 ? its.length - 2 : its.length >= 2 ? its.length - 1 : its.length;
            train[u] = new int[n];
            for (int j = 0; j < n; j++) train[u][j] = items.add(its[j]);
            valid[u] = its.length >= 3 ? new int[] {items.add(its[its.length - 2])} : new int[0];
            if (its.length >= 2) {
                held[u] = new int[] {items.add(its[its.length - 1])};
                holdoutUsers++;
            } else {
                held[u] = new int[0];
            }
            from = Math.min(from, e.getValue().oldest());
            to = Math.max(to, e.getValue().newest());
            count += its.length;
        }
        DataWindow window = count == 0 ? new DataWindow(Instant.EPOCH, Instant.EPOCH, 0)
                : new DataWindow(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), count);
        return new TrainingSet(new TrainingData(users, items, UserItems.of(train), null), UserItems.of(valid),
                UserItems.of(held), window, holdoutUsers);
    }

    /** What the held-out evaluation masks: the user's training and validation items. */
    public List<UserItems> known() {
        return List.of(data.positives(), validation);
    }

    /** The validation positives for the trainer, or null when no user has one (the trainer then runs its epochs). */
    public UserItems validationOrNull() {
        return validation.size() == 0 ? null : validation;
    }
}
