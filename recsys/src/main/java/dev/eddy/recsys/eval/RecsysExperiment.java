package dev.eddy.recsys.eval;

import ai.djl.Device;
import dev.eddy.recsys.data.DataSplit;
import dev.eddy.recsys.data.ImplicitDataset;
import dev.eddy.recsys.data.NoiseInjector;
import dev.eddy.recsys.data.Splitter;
import dev.eddy.recsys.train.DeviceSelector;
import dev.eddy.recsys.train.TrainedModel;
import dev.eddy.recsys.train.Trainer;
import dev.eddy.recsys.train.TrainingConfig;
import dev.eddy.recsys.train.TrainingData;
import dev.eddy.recsys.train.TrainingListener;

import java.util.List;

/**
 * The offline protocol of the PLD paper: per-user 70/10/20 split (users with fewer than 10 interactions dropped),
 * noise injected into training only, model selection on validation Recall@20, full-ranking test metrics at
 * K = 20, 50 with training and validation items masked. A seed fixes split, noise and training, so that methods
 * compared under one seed see the same data.
 */
public final class RecsysExperiment {
    public static final int[] KS = {20, 50};

    private RecsysExperiment() {}

    /** The split and noise of one seed, shared by all methods run under it. */
    public static DataSplit prepare(ImplicitDataset data, double noise, long seed) {
        DataSplit clean = Splitter.split(data, 0.7, 0.1, Splitter.MIN_INTERACTIONS, seed);
        return NoiseInjector.inject(clean, noise, seed ^ 0x5DEECE66DL);
    }

    public static ExperimentResult run(DataSplit split, double noise, TrainingConfig config, TrainingListener listener) {
        long t0 = System.nanoTime();
        TrainedModel model = Trainer.train(TrainingData.of(split), config, split.valid(), null, listener);
        double wallSeconds = (System.nanoTime() - t0) / 1e9;
        Device device = DeviceSelector.resolve(config.device());
        RankingResult test = FullRankingEvaluator.evaluate(model.representations(), split.test(),
                List.of(split.train(), split.valid()), KS, device);
        return new ExperimentResult(config.method().label(), config.backbone().label(), noise, config.seed(),
                test.metrics(), model.bestEpoch(), model.bestValidRecall(), model.history(), wallSeconds);
    }

    /** Popularity ranking on the same split, for reference. */
    public static RankingResult popularity(DataSplit split, String device) {
        return FullRankingEvaluator.evaluate(PopularityBaseline.tables(split.train(), split.numItems()), split.test(),
                List.of(split.train(), split.valid()), KS, DeviceSelector.resolve(device));
    }
}
