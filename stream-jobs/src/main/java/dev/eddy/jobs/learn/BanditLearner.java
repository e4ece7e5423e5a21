package dev.eddy.jobs.learn;

import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.parallel.ShardedBandit;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A contextual-bandit learner of the job, with the spec it is published under. A sharded learner
 * ({@code shards} > 1, see {@link ShardedBandit}) keeps shards and buffered examples in state but publishes its
 * merged model under the spec without the sharding parameters: serving restores a plain learner.
 */
record BanditLearner(BanditModelSpec spec, ContextualBandit bandit) implements ModelLearner {

    static BanditLearner fresh(BanditModelSpec spec) {
        return new BanditLearner(spec, spec.create());
    }

    static BanditLearner restored(BanditModelSpec spec, byte[] snapshot) {
        BanditLearner l = fresh(spec);
        l.bandit.restore(snapshot);
        return l;
    }

    @Override public String learnerName() { return spec.learner(); }
    @Override public Map<String, String> params() { return spec.params(); }
    @Override public int actions() { return spec.actions(); }
    @Override public byte[] snapshot() { return bandit.snapshot(); }
    @Override public byte[] publishedSnapshot() {
        return bandit instanceof ShardedBandit s ? s.merged().snapshot() : bandit.snapshot();
    }
    @Override public long pendingUpdates() { return bandit instanceof ShardedBandit s ? s.pending() : 0; }
    @Override public String modelType() { return BanditModelSpec.MODEL_TYPE; }
    @Override public Map<String, String> manifestParams(int snapshotBytes) {
        if (!(bandit instanceof ShardedBandit)) return spec.manifestParams(snapshotBytes);
        Map<String, String> plain = new TreeMap<>(spec.params());
        plain.keySet().removeAll(SHARDING_PARAMS);
        return new BanditModelSpec(spec.learner(), plain, spec.hashing(), spec.actions(), spec.seed())
                .manifestParams(snapshotBytes);
    }

    /** Learner parameters that say how a model is learned in parallel, not what it is. */
    static final Set<String> SHARDING_PARAMS = Set.of("shards", "merge-every");
}
