package dev.eddy.recsys.lifecycle;

import ai.djl.Device;
import dev.eddy.recsys.eval.FullRankingEvaluator;
import dev.eddy.recsys.eval.PopularityBaseline;
import dev.eddy.recsys.eval.RankingResult;
import dev.eddy.recsys.train.DeviceSelector;
import dev.eddy.recsys.train.EmbeddingTables;
import dev.eddy.recsys.train.TrainedModel;
import dev.eddy.recsys.train.Trainer;
import dev.eddy.recsys.train.TrainingConfig;
import dev.eddy.recsys.train.TrainingListener;
import dev.eddy.recsys.train.WarmStart;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * One retrain, meant for a thread of its own (the retrain job's trainer runs it off its task thread): builds the
 * training set from a copy of the window, trains (Trainer holds the JVM-wide TrainingLock: one autograd recording
 * per process), and evaluates the new model, the published one and item popularity on the same held-out slice.
 * Shares nothing mutable with its caller: everything it needs was copied when it was made, and its result is
 * applied by the caller.
 *
 * @param window    the training window's entries (immutable arrays, copied list)
 * @param config    what to train with
 * @param warmStart the current accepted version's parameters, null for the first training
 * @param published the published scoring tables, null when nothing is published
 */
public record RetrainTask(List<Map.Entry<String, WindowEntry>> window, TrainingConfig config, WarmStart warmStart,
                          IdTables published) {
    private static final int K = 20;

    /** Trains and evaluates; {@code cancelled} is asked at every training step and stops the training when true. */
    public RetrainOutcome run(BooleanSupplier cancelled) {
        long start = System.nanoTime();
        TrainingSet set = TrainingSet.of(window);
        WarmStart warm = warmStart != null && warmStart.parameters().dim() == config.dim() ? warmStart : null;
        long t0 = System.nanoTime();
        // Cancellation stops the training at its next step; the trainer's finally blocks release the TrainingLock
        // and the device memory.
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss) {
                if (cancelled.getAsBoolean()) throw new CancellationException("the retrain was cancelled");
            }
        };
        // The trainer validates on the slice before the held-out one: it stops when that stops improving.
        TrainedModel model = Trainer.train(set.data(), config, set.validationOrNull(), warm, stopper);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        Device device = DeviceSelector.resolve(config.device());
        HoldoutMetrics candidate = evaluate(model.representations(), set, device);
        HoldoutMetrics current = published == null ? null
                : evaluate(published.alignedTo(set.data().users(), set.data().items()), set, device);
        double popularity = evaluate(PopularityBaseline.tables(set.data().positives(), set.data().numItems()), set,
                device).recall();
        return new RetrainOutcome(model, set.window(), candidate, current, popularity, set.holdoutUsers(), trainSeconds,
                (System.nanoTime() - start) / 1e9);
    }

    private static HoldoutMetrics evaluate(EmbeddingTables tables, TrainingSet set, Device device) {
        if (set.holdoutUsers() == 0) return new HoldoutMetrics(0, 0);
        // Training and validation items are masked: the held-out item competes with the items the user has not touched.
        RankingResult r = FullRankingEvaluator.evaluate(tables, set.holdout(), set.known(), new int[] {K}, device);
        return new HoldoutMetrics(r.get("recall@" + K), r.get("ndcg@" + K));
    }
}
