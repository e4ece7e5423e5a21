package dev.eddy.jobs.retrain;

import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.ConfigKey;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.recsys.lifecycle.LifecycleSettings;
import dev.eddy.recsys.train.Backbone;
import dev.eddy.recsys.train.Method;
import dev.eddy.recsys.train.TrainingConfig;

import java.io.Serializable;
import java.time.Duration;

/**
 * The retrain job's settings, read and checked once at start ({@code retrain.*} keys): a bad value fails before any
 * job is submitted, with the key named.
 */
public record RetrainSettings(String model, Duration interval, int everyInteractions, int minInteractions,
                              int historyMaxItems, Duration historyMaxAge, int windowSize, String method,
                              String backbone, int epochs, int warmupEpochs, int evalEvery, int patience, int dim,
                              int batchSize,
                              double learningRate, long seed, String device, double gateTolerance,
                              int keepVersions, Duration foldInInterval, Duration itemFoldInInterval, String snapshotDir,
                              int blockBytes)
        implements Serializable {

    public static RetrainSettings from(EddyConfig c) {
        RetrainSettings s = new RetrainSettings(c.get(EddyKeys.RETRAIN_MODEL), c.get(EddyKeys.RETRAIN_INTERVAL),
                c.get(EddyKeys.RETRAIN_EVERY_INTERACTIONS), c.get(EddyKeys.RETRAIN_MIN_INTERACTIONS),
                c.get(EddyKeys.RETRAIN_HISTORY_MAX_ITEMS), c.get(EddyKeys.RETRAIN_HISTORY_MAX_AGE),
                c.get(EddyKeys.RETRAIN_WINDOW_SIZE), c.get(EddyKeys.RETRAIN_METHOD), c.get(EddyKeys.RETRAIN_BACKBONE),
                c.get(EddyKeys.RETRAIN_EPOCHS), c.get(EddyKeys.RETRAIN_WARMUP_EPOCHS), c.get(EddyKeys.RETRAIN_EVAL_EVERY),
                c.get(EddyKeys.RETRAIN_PATIENCE), c.get(EddyKeys.RETRAIN_DIM),
                c.get(EddyKeys.RETRAIN_BATCH_SIZE), c.get(EddyKeys.RETRAIN_LEARNING_RATE), c.get(EddyKeys.RETRAIN_SEED),
                c.get(EddyKeys.RETRAIN_DEVICE), c.get(EddyKeys.RETRAIN_GATE_TOLERANCE),
                c.get(EddyKeys.RETRAIN_KEEP_VERSIONS), c.get(EddyKeys.RETRAIN_FOLD_IN_INTERVAL),
                c.get(EddyKeys.RETRAIN_ITEM_FOLD_IN_INTERVAL),
                c.get(EddyKeys.RETRAIN_SNAPSHOT_DIR), c.get(EddyKeys.RETRAIN_BLOCK_BYTES));
        s.check();
        return s;
    }

    private void check() {
        if (model.isBlank() || model.contains("/")) fail(EddyKeys.RETRAIN_MODEL, model, "a model name needs no '/' and may not be blank");
        if (interval.isNegative()) fail(EddyKeys.RETRAIN_INTERVAL, interval, "must not be negative");
        if (interval.isZero() && everyInteractions == 0) {
            throw new ConfigException("config keys 'retrain.interval' and 'retrain.every-interactions' are both 0: the job would never retrain");
        }
        if (historyMaxAge.isZero() || historyMaxAge.isNegative()) fail(EddyKeys.RETRAIN_HISTORY_MAX_AGE, historyMaxAge, "must be > 0");
        if (foldInInterval.isNegative()) fail(EddyKeys.RETRAIN_FOLD_IN_INTERVAL, foldInInterval, "must not be negative");
        if (itemFoldInInterval.isNegative()) {
            fail(EddyKeys.RETRAIN_ITEM_FOLD_IN_INTERVAL, itemFoldInInterval, "must not be negative");
        }
        if (!(learningRate > 0)) fail(EddyKeys.RETRAIN_LEARNING_RATE, learningRate, "must be > 0");
        if (blockBytes % 4 != 0) fail(EddyKeys.RETRAIN_BLOCK_BYTES, blockBytes, "must be a multiple of 4");
        if (dim * 4 > blockBytes) fail(EddyKeys.RETRAIN_DIM, dim, "one row (dim x 4 bytes) must fit in retrain.block-bytes");
        try {
            Method.parse(method);
        } catch (IllegalArgumentException e) {
            fail(EddyKeys.RETRAIN_METHOD, method, e.getMessage());
        }
        try {
            Backbone.parse(backbone);
        } catch (IllegalArgumentException e) {
            fail(EddyKeys.RETRAIN_BACKBONE, backbone, e.getMessage());
        }
        try {
            trainingConfig();
        } catch (IllegalArgumentException e) {
            // What the trainer itself refuses (e.g. an unknown device name): the retrain keys say the rest.
            throw new ConfigException("retrain.* keys make an invalid training configuration: " + e.getMessage());
        }
    }

    private static void fail(ConfigKey<?> key, Object value, String why) {
        throw new ConfigException("config key '" + key.name() + "' = '" + value + "' is invalid: " + why);
    }

    /**
     * What each retrain trains with: at most {@code epochs}, stopping on the validation slice (each user's item before
     * the held-out one); the held-out slice is the gate's.
     */
    public TrainingConfig trainingConfig() {
        return TrainingConfig.builder().method(Method.parse(method)).backbone(Backbone.parse(backbone))
                .epochs(epochs).warmupEpochs(warmupEpochs).evalEvery(evalEvery).patience(patience).dim(dim).batchSize(batchSize)
                .learningRate((float) learningRate).seed(seed).device(device).build();
    }

    /** What the model lifecycle decides with. */
    public LifecycleSettings lifecycle() {
        return new LifecycleSettings(model, windowSize, minInteractions, gateTolerance, foldInInterval,
                itemFoldInInterval, keepVersions, trainingConfig());
    }
}
