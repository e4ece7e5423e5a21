package dev.eddy.jobs.retrain;

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
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One retrain, run on the trainer operator's executor thread: builds the training set from a copy of the window,
 * trains (Trainer holds the JVM-wide TrainingLock: one autograd recording per process), and evaluates the new model,
 * the published one and item popularity on the same held-out slice. Touches no Flink state: everything it needs was
 * copied on the task thread, and its result is applied there.
 */
final class RetrainTask implements Callable<RetrainOutcome> {
    private static final int K = 20;

    private final List<Map.Entry<String, WindowUser>> window;
    private final TrainingConfig config;
    private final WarmStart warmStart;
    private final ModelTables published;
    private final AtomicBoolean cancel;

    /**
     * @param window    the training window's entries (immutable arrays, copied list)
     * @param warmStart the current accepted version's parameters, null for the first training
     * @param published the published scoring tables, null when nothing is published
     * @param cancel    set when the operator closes
     */
    RetrainTask(List<Map.Entry<String, WindowUser>> window, TrainingConfig config, WarmStart warmStart, ModelTables published,
                AtomicBoolean cancel) {
        this.cancel = cancel;
        this.window = window;
        this.config = config;
        this.warmStart = warmStart;
        this.published = published;
    }

    @Override
    public RetrainOutcome call() {
        long start = System.nanoTime();
        TrainingSet set = TrainingSet.of(window);
        WarmStart warm = warmStart != null && warmStart.parameters().dim() == config.dim() ? warmStart : null;
        long t0 = System.nanoTime();
        // Cancellation (the operator closing) stops the training at its next step; the trainer's finally blocks
        // release the TrainingLock and the device memory.
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss) {
                if (cancel.get()) throw new CancellationException("the retrain operator closed");
            }
        };
        TrainedModel model = Trainer.train(set.data(), config, null, warm, stopper);
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
        // Training items are masked: the held-out item competes with the items the user has not touched.
        RankingResult r = FullRankingEvaluator.evaluate(tables, set.holdout(), List.of(set.data().positives()),
                new int[] {K}, device);
        return new HoldoutMetrics(r.get("recall@" + K), r.get("ndcg@" + K));
    }
}
