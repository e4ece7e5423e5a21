package dev.eddy.recsys.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.eddy.recsys.data.UserItems;
import dev.eddy.recsys.eval.FullRankingEvaluator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Trains a recommender with DJL: epochs of BPR (or BCE) steps whose positives come from uniform epochs (BPR, T-CE,
 * R-CE, PLD's warm-up) or PLD's loss-based resampling; validates every few epochs and keeps the best tables.
 * Callable as a library (the retrain job passes in-memory interactions and a warm start); one training at a time
 * per JVM.
 */
public final class Trainer {
    /** Model selection and early stopping look at validation Recall at this cut-off. */
    public static final int SELECTION_K = 20;

    private Trainer() {}

    /**
     * @param data       training positives (with noise flags when known)
     * @param config     the run's configuration
     * @param validation validation positives per user for model selection, or null to keep the last epoch
     * @param warmStart  tables to continue from, or null for a fresh start
     * @param listener   progress (e.g. {@link ProgressBarListener}), {@link TrainingListener#NONE} for none
     */
    public static TrainedModel train(TrainingData data, TrainingConfig config, UserItems validation, WarmStart warmStart,
                                     TrainingListener listener) {
        if (validation != null && validation.numUsers() != data.numUsers()) {
            throw new IllegalArgumentException("validation has " + validation.numUsers() + " users, training " + data.numUsers());
        }
        ReentrantLock lock = TrainingLock.lock();
        lock.lock();
        try {
            return run(data, config, validation, warmStart, listener);
        } finally {
            lock.unlock();
        }
    }

    private static TrainedModel run(TrainingData data, TrainingConfig config, UserItems validation, WarmStart warmStart,
                                    TrainingListener listener) {
        Device device = DeviceSelector.resolve(config.device());
        SplittableRandom rng = new SplittableRandom(config.seed());
        // The Gumbel noise of PLD's resampling is drawn by the engine: seed it too.
        Engine.getInstance().setRandomSeed((int) config.seed());
        EmbeddingTables init = warmStart == null
                ? Initializer.random(data.numUsers(), data.numItems(), config.dim(), config.initStd(), rng.split())
                : warmStart.initialTables(data, config.dim(), config.initStd(), rng.split());
        NegativeSampler negatives = new NegativeSampler(data.positives(), data.numItems(), rng.split());
        UniformBatches uniform = new UniformBatches(data.positives(), negatives, rng.split());
        PldPools pools = new PldPools(data.positives(), negatives, rng.split());
        int b = config.batchSize();
        int steps = (data.positives().size() + b - 1) / b;

        List<EpochStats> history = new ArrayList<>();
        EmbeddingTables bestParams = null;
        EmbeddingTables bestReps = null;
        double bestRecall = Double.NaN;
        int bestEpoch = 0;
        int sinceBest = 0;
        long globalStep = 0;
        // PLD's warm-up is plain BPR; see warmupEnds for when the resampling takes over.
        boolean warmingUp = config.method() == Method.PLD && config.warmupEpochs() > 0;
        listener.onStart(config, steps);
        try (StepRunner runner = new StepRunner(device, init, config, data.positives())) {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                boolean pld = config.method() == Method.PLD && !warmingUp;
                if (!pld) uniform.shuffle();
                NoiseTally noise = new NoiseTally(data.noise());
                double lossSum = 0;
                long triples = 0;
                long t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    Batch batch;
                    if (pld) {
                        PldPool pool = pools.draw(b, config.pldPoolSize());
                        batch = pool.select(runner.choose(pool, config.pldTau()));
                    } else {
                        batch = uniform.batch(s, b);
                    }
                    float drop = config.method() == Method.TCE
                            ? config.tceMaxDrop() * Math.min(1f, (float) globalStep / config.tceRampSteps()) : 0f;
                    StepResult r = runner.trainStep(batch, drop);
                    noise.add(batch.entries(), r.weights());
                    lossSum += r.loss();
                    triples += batch.size();
                    globalStep++;
                    listener.onStep(epoch, s + 1, lossSum / (s + 1));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double recall = Double.NaN;
                boolean validate = validation != null && (epoch % config.evalEvery() == 0 || epoch == config.epochs());
                if (validate) {
                    EmbeddingTables reps = runner.representations();
                    recall = FullRankingEvaluator.evaluate(reps, validation, List.of(data.positives()),
                            new int[] {SELECTION_K}, device).get("recall@" + SELECTION_K);
                    if (bestReps == null || recall > bestRecall) {
                        bestRecall = recall;
                        bestReps = reps;
                        bestParams = config.backbone() == Backbone.MF ? reps : runner.parameters();
                        bestEpoch = epoch;
                        sinceBest = 0;
                    } else {
                        sinceBest++;
                    }
                }
                EpochStats stats = new EpochStats(epoch, pld ? "pld" : config.method() == Method.PLD ? "warmup" : config.method().label(),
                        lossSum / steps, noise.share(), triples, seconds, recall);
                history.add(stats);
                listener.onEpoch(stats);
                if (warmingUp && warmupEnds(epoch, config, validation != null, sinceBest)) {
                    warmingUp = false;
                    // The resampling is a new phase: it gets its full patience from here.
                    sinceBest = 0;
                } else if (config.patience() > 0 && sinceBest >= config.patience()) {
                    break;
                }
            }
            if (bestReps == null) {
                bestReps = runner.representations();
                bestParams = config.backbone() == Backbone.MF ? bestReps : runner.parameters();
                bestEpoch = history.size();
            }
        } finally {
            listener.onEnd();
        }
        return new TrainedModel(data.users(), data.items(), bestParams, bestReps, config, history, bestEpoch, bestRecall);
    }

    /**
     * Whether PLD's warm-up ends after {@code epoch}. PLD chooses each user's positive by the current model's loss,
     * which means something only once the model has learned: after a fixed count of epochs it may not have (an
     * epoch of a small set is a few dozen steps; after the default 5 on the synthetic set the model still ranked
     * below popularity, and PLD, choosing by that ranking, took ~100 epochs to catch up). So with validation the
     * warm-up lasts at least {@code warmupEpochs} and until validation recall stops improving — plain BPR has
     * learned what it can before it starts fitting the noise — whatever the data's size; without validation it is
     * {@code warmupEpochs} epochs.
     */
    static boolean warmupEnds(int epoch, TrainingConfig config, boolean validated, int validationsSinceBest) {
        if (epoch < config.warmupEpochs()) return false;
        return !validated || validationsSinceBest > 0;
    }

    /** Weighted share of known-noise entries among the positives trained on. */
    private static final class NoiseTally {
        private final boolean[] flags;
        private double noisy;
        private double total;

        NoiseTally(boolean[] flags) {
            this.flags = flags;
        }

        void add(int[] entries, float[] weights) {
            if (flags == null) return;
            for (int i = 0; i < entries.length; i++) {
                double w = weights == null ? 1.0 : weights[i];
                total += w;
                if (flags[entries[i]]) noisy += w;
            }
        }

        double share() {
            return flags == null || total == 0 ? Double.NaN : noisy / total;
        }
    }
}
