package dev.eddy.recsys.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.eddy.recsys.data.UserItems;

/**
 * The device side of training: owns the embedding tables, the optimizer state and the LightGCN adjacency in one
 * NDManager, and runs forward/backward/AdamW for a batch. Every step works in a sub-manager to which the tables are
 * attached only for the step, so that all intermediates are freed when it closes (long runs must not leak).
 */
final class StepRunner implements AutoCloseable {
    private final NDManager root;
    private final NDArray users;
    private final NDArray items;
    private final Representations representations;
    private final Optimizer optimizer;
    private final TrainingConfig config;

    StepRunner(Device device, EmbeddingTables init, TrainingConfig config, UserItems positives) {
        this.config = config;
        this.root = NDManager.newBaseManager(device);
        try {
            users = root.create(init.users(), new Shape(init.numUsers(), init.dim()));
            items = root.create(init.items(), new Shape(init.numItems(), init.dim()));
            users.setRequiresGradient(true);
            items.setRequiresGradient(true);
            representations = config.backbone() == Backbone.LIGHTGCN
                    ? Representations.lightGcn(root, positives, init.numItems(), config.lightGcnLayers())
                    : Representations.matrixFactorization();
            optimizer = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(config.learningRate()))
                    .optWeightDecays(config.weightDecay()).build();
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** A gradient step on the batch; {@code dropRate} is T-CE's share of largest-loss triples left out. */
    StepResult trainStep(Batch batch, float dropRate) {
        StepResult result;
        int b = batch.size();
        try (NDManager step = root.newSubManager()) {
            attach(step);
            NDArray u = step.create(batch.users());
            NDArray p = step.create(batch.positives());
            NDArray n = step.create(batch.negatives());
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray[] reps = representations.compute(users, items);
                NDArray ue = reps[0].get(u);
                NDArray pe = reps[1].get(p);
                NDArray ne = reps[1].get(n);
                NDArray sp = ue.mul(pe).sum(new int[] {1});
                NDArray sn = ue.mul(ne).sum(new int[] {1});
                NDArray perTriple = config.loss() == LossKind.BPR
                        ? Activation.softPlus(sn.sub(sp))
                        : Activation.softPlus(sp.neg()).add(Activation.softPlus(sn));
                NDArray data;
                float[] weights = null;
                switch (config.method()) {
                    case TCE -> {
                        NDArray detached = perTriple.stopGradient();
                        int keep = Math.max(1, b - (int) Math.floor(dropRate * b));
                        NDArray threshold = detached.sort().get(keep - 1);
                        NDArray mask = detached.lte(threshold).toType(DataType.FLOAT32, false);
                        data = perTriple.mul(mask).sum().div(mask.sum());
                        weights = mask.toFloatArray();
                    }
                    case RCE -> {
                        NDArray score = config.loss() == LossKind.BPR ? sp.sub(sn) : sp;
                        NDArray w = Activation.sigmoid(score.stopGradient()).pow(config.rceBeta());
                        data = perTriple.mul(w).mean();
                        weights = w.toFloatArray();
                    }
                    default -> data = perTriple.mean();
                }
                // L2 on the batch's layer-0 rows, as in the PLD/LightGCN code: l2 · ½(‖u‖² + ‖p‖² + ‖n‖²) / B.
                NDArray u0 = config.backbone() == Backbone.MF ? ue : users.get(u);
                NDArray p0 = config.backbone() == Backbone.MF ? pe : items.get(p);
                NDArray n0 = config.backbone() == Backbone.MF ? ne : items.get(n);
                NDArray reg = u0.square().sum().add(p0.square().sum()).add(n0.square().sum()).mul(0.5f * config.l2() / b);
                collector.backward(data.add(reg));
                result = new StepResult(data.getFloat(), weights);
            }
        }
        update("users", users);
        update("items", items);
        return result;
    }

    /** PLD steps 3–4 for a pool: the chosen candidate index per user, computed without gradient on the device. */
    long[] choose(PldPool pool, float tau) {
        try (NDManager step = root.newSubManager()) {
            attach(step);
            NDArray[] reps = representations.compute(users.stopGradient(), items.stopGradient());
            NDArray ue = reps[0].get(step.create(pool.users()));
            NDArray ce = reps[1].get(step.create(pool.poolItems())).reshape(pool.size(), pool.k(), -1);
            NDArray ne = reps[1].get(step.create(pool.negatives()));
            NDArray losses = PldResampler.candidateLosses(ue, ce, ne);
            return PldResampler.choose(step, losses, tau).toLongArray();
        }
    }

    /** The current layer-0 tables, copied to Java. */
    EmbeddingTables parameters() {
        return new EmbeddingTables((int) users.getShape().get(0), (int) items.getShape().get(0),
                (int) users.getShape().get(1), users.toFloatArray(), items.toFloatArray());
    }

    /** The current representations (the scoring tables), copied to Java. */
    EmbeddingTables representations() {
        if (config.backbone() == Backbone.MF) return parameters();
        try (NDManager step = root.newSubManager()) {
            attach(step);
            NDArray[] reps = representations.compute(users.stopGradient(), items.stopGradient());
            return new EmbeddingTables((int) users.getShape().get(0), (int) items.getShape().get(0),
                    (int) users.getShape().get(1), reps[0].toFloatArray(), reps[1].toFloatArray());
        }
    }

    /** Arrays in {@link #root} that are still alive, to check that steps leave nothing behind. */
    int liveArrays() {
        return root.getManagedArrays().size();
    }

    private void attach(NDManager step) {
        NDArray adj = representations.adjacency();
        if (adj == null) step.tempAttachAll(users, items);
        else step.tempAttachAll(new NDResource[] {users, items, adj});
    }

    private void update(String id, NDArray parameter) {
        try (NDArray grad = parameter.getGradient()) {
            optimizer.update(id, parameter, grad);
            // PyTorch accumulates gradients across backward passes; the next step must start from zero.
            grad.muli(0);
        }
    }

    @Override
    public void close() {
        root.close();
    }
}
