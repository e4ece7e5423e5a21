package dev.eddy.recsys.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that decides a training run. Defaults follow the PLD authors' implementation (k = 5, τ = 0.1,
 * at least 5 warm-up epochs, dim 64, AdamW lr 1e-3, L2 1e-4, batch 2048), with early stopping: at most 300 epochs,
 * validation every 5, patience 3.
 *
 * @param backbone       MF or LightGCN
 * @param method         BPR, PLD, T-CE or R-CE
 * @param loss           pairwise BPR or pointwise BCE per triple
 * @param dim            embedding dimension
 * @param epochs         the most training epochs (an epoch is ceil(|train| / batch) steps of batch triples for every
 *                       method, so every method trains on as many positives per epoch); with validation, training
 *                       stops earlier after {@code patience} validations without improvement
 * @param batchSize      triples per step (for PLD: users drawn per step)
 * @param learningRate   AdamW learning rate
 * @param weightDecay    AdamW decoupled weight decay on the whole tables (0 leaves regularisation to {@code l2})
 * @param l2             L2 coefficient on the batch's layer-0 embeddings: l2 · ½(‖u‖² + ‖p‖² + ‖n‖²) / B
 * @param pldPoolSize    k, the candidate positives per user
 * @param pldTau         τ, the softmax temperature over −loss
 * @param warmupEpochs   PLD: the fewest epochs of plain uniform BPR before the resampling starts; with validation the
 *                       warm-up goes on until validation recall stops improving (T-CE ramps instead)
 * @param tceMaxDrop     T-CE: the cap of the dropped share of each batch
 * @param tceRampSteps   T-CE: steps from the start over which the dropped share grows linearly to the cap
 * @param rceBeta        R-CE: exponent of the detached score weight
 * @param lightGcnLayers LightGCN propagation layers
 * @param evalEvery      validate every this many epochs (and after the last)
 * @param patience       stop after this many validations without improvement; 0 never stops early
 * @param initStd        standard deviation of the normal initialisation of new embedding rows
 * @param seed           seeds sampling and initialisation
 * @param device         "auto" (GPU when DJL sees one), "cpu", "gpu" or "gpu:N"
 */
public record TrainingConfig(Backbone backbone, Method method, LossKind loss, int dim, int epochs, int batchSize,
                             float learningRate, float weightDecay, float l2, int pldPoolSize, float pldTau,
                             int warmupEpochs, float tceMaxDrop, int tceRampSteps, float rceBeta, int lightGcnLayers,
                             int evalEvery, int patience, float initStd, long seed, String device) {

    /** The most epochs; training stops earlier on validation ({@link #DEFAULT_PATIENCE}). */
    public static final int DEFAULT_EPOCHS = 300;
    /** PLD's fewest warm-up epochs; with validation the warm-up lasts until validation recall stops improving. */
    public static final int DEFAULT_WARMUP_EPOCHS = 5;
    public static final int DEFAULT_EVAL_EVERY = 5;
    /** Validations without improvement before training stops. */
    public static final int DEFAULT_PATIENCE = 3;
    public static final int DEFAULT_BATCH_SIZE = 2048;
    public static final float DEFAULT_LEARNING_RATE = 1e-3f;

    public TrainingConfig {
        require(dim >= 1, "dim must be >= 1, was " + dim);
        require(epochs >= 1, "epochs must be >= 1, was " + epochs);
        require(batchSize >= 1, "batch size must be >= 1, was " + batchSize);
        require(learningRate > 0 && Float.isFinite(learningRate), "learning rate must be > 0, was " + learningRate);
        require(weightDecay >= 0, "weight decay must be >= 0, was " + weightDecay);
        require(l2 >= 0, "l2 must be >= 0, was " + l2);
        require(pldPoolSize >= 1, "PLD pool size k must be >= 1, was " + pldPoolSize);
        require(pldTau > 0 && Float.isFinite(pldTau), "PLD temperature tau must be > 0, was " + pldTau);
        require(warmupEpochs >= 0, "warm-up epochs must be >= 0, was " + warmupEpochs);
        require(tceMaxDrop >= 0 && tceMaxDrop < 1, "T-CE max drop rate must be in [0, 1), was " + tceMaxDrop);
        require(tceRampSteps >= 1, "T-CE ramp steps must be >= 1, was " + tceRampSteps);
        require(rceBeta >= 0, "R-CE beta must be >= 0, was " + rceBeta);
        require(lightGcnLayers >= 1, "LightGCN layers must be >= 1, was " + lightGcnLayers);
        require(evalEvery >= 1, "eval-every must be >= 1, was " + evalEvery);
        require(patience >= 0, "patience must be >= 0, was " + patience);
        require(initStd > 0, "init std must be > 0, was " + initStd);
        DeviceSelector.checkName(device);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.backbone = backbone; b.method = method; b.loss = loss; b.dim = dim; b.epochs = epochs; b.batchSize = batchSize;
        b.learningRate = learningRate; b.weightDecay = weightDecay; b.l2 = l2; b.pldPoolSize = pldPoolSize;
        b.pldTau = pldTau; b.warmupEpochs = warmupEpochs; b.tceMaxDrop = tceMaxDrop; b.tceRampSteps = tceRampSteps;
        b.rceBeta = rceBeta; b.lightGcnLayers = lightGcnLayers; b.evalEvery = evalEvery; b.patience = patience;
        b.initStd = initStd; b.seed = seed; b.device = device;
        return b;
    }

    /** The parameters as strings, for snapshot metadata and result files. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("backbone", backbone.label());
        m.put("method", method.label());
        m.put("loss", dev.eddy.recsys.EnumOptions.label(loss));
        m.put("dim", Integer.toString(dim));
        m.put("epochs", Integer.toString(epochs));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("learningRate", Float.toString(learningRate));
        m.put("weightDecay", Float.toString(weightDecay));
        m.put("l2", Float.toString(l2));
        m.put("pldPoolSize", Integer.toString(pldPoolSize));
        m.put("pldTau", Float.toString(pldTau));
        m.put("warmupEpochs", Integer.toString(warmupEpochs));
        m.put("tceMaxDrop", Float.toString(tceMaxDrop));
        m.put("tceRampSteps", Integer.toString(tceRampSteps));
        m.put("rceBeta", Float.toString(rceBeta));
        m.put("lightGcnLayers", Integer.toString(lightGcnLayers));
        m.put("evalEvery", Integer.toString(evalEvery));
        m.put("patience", Integer.toString(patience));
        m.put("initStd", Float.toString(initStd));
        m.put("seed", Long.toString(seed));
        m.put("device", device);
        return m;
    }

    /** A mutable builder with the PLD defaults. */
    public static final class Builder {
        private Backbone backbone = Backbone.MF;
        private Method method = Method.BPR;
        private LossKind loss = LossKind.BPR;
        private int dim = 64;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private float learningRate = DEFAULT_LEARNING_RATE;
        private float weightDecay = 0f;
        private float l2 = 1e-4f;
        private int pldPoolSize = 5;
        private float pldTau = 0.1f;
        private int warmupEpochs = DEFAULT_WARMUP_EPOCHS;
        private float tceMaxDrop = 0.2f;
        private int tceRampSteps = 1000;
        private float rceBeta = 0.25f;
        private int lightGcnLayers = 3;
        private int evalEvery = DEFAULT_EVAL_EVERY;
        private int patience = DEFAULT_PATIENCE;
        private float initStd = 0.1f;
        private long seed = 1;
        private String device = "auto";

        private Builder() {}

        public Builder backbone(Backbone v) { backbone = v; return this; }
        public Builder method(Method v) { method = v; return this; }
        public Builder loss(LossKind v) { loss = v; return this; }
        public Builder dim(int v) { dim = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder learningRate(float v) { learningRate = v; return this; }
        public Builder weightDecay(float v) { weightDecay = v; return this; }
        public Builder l2(float v) { l2 = v; return this; }
        public Builder pldPoolSize(int v) { pldPoolSize = v; return this; }
        public Builder pldTau(float v) { pldTau = v; return this; }
        public Builder warmupEpochs(int v) { warmupEpochs = v; return this; }
        public Builder tceMaxDrop(float v) { tceMaxDrop = v; return this; }
        public Builder tceRampSteps(int v) { tceRampSteps = v; return this; }
        public Builder rceBeta(float v) { rceBeta = v; return this; }
        public Builder lightGcnLayers(int v) { lightGcnLayers = v; return this; }
        public Builder evalEvery(int v) { evalEvery = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder initStd(float v) { initStd = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder device(String v) { device = v; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(backbone, method, loss, dim, epochs, batchSize, learningRate, weightDecay, l2,
                    pldPoolSize, pldTau, warmupEpochs, tceMaxDrop, tceRampSteps, rceBeta, lightGcnLayers, evalEvery,
                    patience, initStd, seed, device);
        }
    }
}
