package dev.eddy.bandits.parallel;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.events.features.SparseVector;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Data-parallel learning of one model: S shard learners, each learning on its share of the examples, merged by
 * parameter averaging after every period of S × {@code mergeEvery} examples, after which every shard continues from
 * the average.
 *
 * <p><b>Bulk-synchronous periods.</b> Examples are buffered until a period is complete; then shard s learns, in
 * order, the examples at positions s, s + S, s + 2S, ... of the period (round robin: every shard gets exactly
 * {@code mergeEvery}, and nothing needs key affinity because all examples belong to one model), the shards run at
 * the same time on the {@link #useExecutor executor}, and their parameters are averaged. So the result is a function
 * of the example sequence alone, whatever the executor or thread timing: runs and restores are reproducible, and a
 * snapshot (shards plus the buffered, not yet learned examples) continues exactly.
 *
 * <p><b>Choosing and publishing.</b> Between merges all shards hold the last average (except their private noise
 * streams and nothing else), so {@link #choose} and {@link #merged} use shard 0: the model as of the last merge.
 * Buffered examples are not in it yet ({@link #pending}): sharding trades up to S × mergeEvery examples of staleness
 * for S cores of update work.
 *
 * <p>With S = 1 nothing is buffered: every example is learned at once, as by the plain learner.
 */
public final class ShardedBandit implements ContextualBandit {
    private static final int MAGIC = 0x53485244; // "SHRD"
    private static final int VERSION = 1;

    private final List<ContextualBandit> shards;
    private final int mergeEvery;
    private final List<Pending> pending = new ArrayList<>();
    private Executor executor = Runnable::run;
    private long merges;

    private record Pending(BanditRound round, int action, double probability, double reward) {}

    /**
     * @param shards     learners of one kind and configuration, each also a {@link ParameterAveraging}; all start
     *                   from shard 0's parameters (the mean of random initialisations would shrink their scale)
     * @param mergeEvery examples per shard between two merges (≥ 1)
     */
    public ShardedBandit(List<? extends ContextualBandit> shards, int mergeEvery) {
        if (shards.isEmpty()) throw new IllegalArgumentException("shards must be >= 1");
        if (mergeEvery < 1) throw new IllegalArgumentException("merge-every must be >= 1, was " + mergeEvery);
        for (ContextualBandit b : shards) {
            if (!(b instanceof ParameterAveraging)) {
                throw new IllegalArgumentException(b.name() + " cannot be sharded: it has no parameter averaging");
            }
        }
        this.shards = List.copyOf(shards);
        this.mergeEvery = mergeEvery;
        copyShardZero();
    }

    /** Where shards learn during a period (default: the caller's thread, one shard after the other). */
    public ShardedBandit useExecutor(Executor executor) {
        this.executor = executor;
        return this;
    }

    public int shardCount() {
        return shards.size();
    }

    public int mergeEvery() {
        return mergeEvery;
    }

    /** The model as of the last merge (shard 0): what is chosen with and published. */
    public ContextualBandit merged() {
        return shards.get(0);
    }

    /** Examples received but not yet learned (they wait for their period to be complete). */
    public int pending() {
        return pending.size();
    }

    public long merges() {
        return merges;
    }

    @Override
    public String name() {
        return shards.get(0).name();
    }

    @Override
    public Choice choose(BanditRound round, SplittableRandom rng) {
        return merged().choose(round, rng);
    }

    @Override
    public void learn(BanditRound round, int action, double probability, double reward) {
        if (!(reward >= 0 && reward <= 1)) throw new IllegalArgumentException("reward must be in [0, 1]: " + reward);
        if (action < 0 || action >= round.size()) {
            // Checked here because a shard would only refuse it at the end of the period, far from its cause.
            throw new IllegalArgumentException("action " + action + " is not one of the round's " + round.size());
        }
        pending.add(new Pending(round, action, probability, reward));
        // One shard has nothing to merge with: it learns every example at once, like the plain learner.
        if (shards.size() == 1 || pending.size() == shards.size() * mergeEvery) runPeriod();
    }

    private void runPeriod() {
        int s = shards.size();
        if (s == 1) {
            for (Pending p : pending) shards.get(0).learn(p.round, p.action, p.probability, p.reward);
        } else {
            CompletableFuture<?>[] done = new CompletableFuture<?>[s];
            for (int i = 0; i < s; i++) {
                int shard = i;
                done[i] = CompletableFuture.runAsync(() -> {
                    for (int k = shard; k < pending.size(); k += s) {
                        Pending p = pending.get(k);
                        shards.get(shard).learn(p.round, p.action, p.probability, p.reward);
                    }
                }, executor);
            }
            try {
                CompletableFuture.allOf(done).join();
            } catch (CompletionException e) {
                // A shard's own exception, not the wrapper: the caller sees what failed. The period is then half
                // learned, so this learner must not be used on (learn checks what a shard would refuse up front).
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw e;
            }
            average();
        }
        pending.clear();
        merges++;
    }

    @SuppressWarnings("unchecked")
    private void average() {
        if (shards.size() == 1) return;
        List<ParameterAveraging> all = (List<ParameterAveraging>) (List<?>) shards;
        // Shard 0 takes the mean; the others copy it (the mean of one), so all continue from the same point.
        all.get(0).averageFrom(all);
        copyShardZero();
    }

    private void copyShardZero() {
        ParameterAveraging zero = (ParameterAveraging) shards.get(0);
        for (int i = 1; i < shards.size(); i++) ((ParameterAveraging) shards.get(i)).averageFrom(List.of(zero));
    }

    /** Magic, version, S, mergeEvery, merges, every shard's snapshot, then the buffered examples. */
    @Override
    public byte[] snapshot() {
        List<byte[]> shardBytes = new ArrayList<>();
        int size = 4 * 4 + 8 + 4;
        for (ContextualBandit b : shards) {
            byte[] bytes = b.snapshot();
            shardBytes.add(bytes);
            size += 4 + bytes.length;
        }
        for (Pending p : pending) {
            size += 4 + 8 + 8 + 4 + 4;
            for (SparseVector v : p.round.actions()) size += 4 + 4 + 8 * v.size();
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(MAGIC).putInt(VERSION).putInt(shards.size()).putInt(mergeEvery).putLong(merges);
        for (byte[] b : shardBytes) buf.putInt(b.length).put(b);
        buf.putInt(pending.size());
        for (Pending p : pending) {
            buf.putInt(p.action).putDouble(p.probability).putDouble(p.reward).putInt(p.round.size())
                    .putInt(p.round.dimension());
            for (SparseVector v : p.round.actions()) {
                buf.putInt(v.size()).putInt(v.dimension());
                for (int k = 0; k < v.size(); k++) buf.putInt(v.indices()[k]).putFloat(v.values()[k]);
            }
        }
        return buf.array();
    }

    @Override
    public void restore(byte[] snapshot) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(snapshot);
            if (buf.getInt() != MAGIC) throw new IllegalArgumentException("not a sharded learner snapshot");
            int version = buf.getInt();
            if (version != VERSION) throw new IllegalArgumentException("unsupported sharded snapshot version " + version);
            int s = buf.getInt();
            int every = buf.getInt();
            if (s != shards.size() || every != mergeEvery) {
                throw new IllegalArgumentException("snapshot has " + s + " shards merged every " + every
                        + ", this learner " + shards.size() + " every " + mergeEvery);
            }
            long restoredMerges = buf.getLong();
            List<byte[]> shardBytes = new ArrayList<>();
            for (int i = 0; i < s; i++) {
                byte[] b = new byte[buf.getInt()];
                buf.get(b);
                shardBytes.add(b);
            }
            List<Pending> restored = new ArrayList<>();
            int n = buf.getInt();
            for (int i = 0; i < n; i++) {
                int action = buf.getInt();
                double probability = buf.getDouble();
                double reward = buf.getDouble();
                int k = buf.getInt();
                buf.getInt(); // the round's dimension, implied by its vectors
                List<SparseVector> actions = new ArrayList<>(k);
                for (int a = 0; a < k; a++) {
                    int nnz = buf.getInt();
                    int dim = buf.getInt();
                    int[] idx = new int[nnz];
                    float[] val = new float[nnz];
                    for (int j = 0; j < nnz; j++) {
                        idx[j] = buf.getInt();
                        val[j] = buf.getFloat();
                    }
                    actions.add(new SparseVector(idx, val, dim));
                }
                restored.add(new Pending(new BanditRound(actions), action, probability, reward));
            }
            if (buf.hasRemaining()) throw new IllegalArgumentException("sharded snapshot has trailing bytes");
            // Everything of this learner's own is read before any shard is replaced; each shard checks its own bytes.
            for (int i = 0; i < s; i++) shards.get(i).restore(shardBytes.get(i));
            pending.clear();
            pending.addAll(restored);
            merges = restoredMerges;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated sharded learner snapshot", e);
        }
    }
}
