package dev.eddy.jobs.learn;

import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;

import java.util.Map;

/** A contextual-bandit learner of the job, with the spec it is published under. */
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
    @Override public String modelType() { return BanditModelSpec.MODEL_TYPE; }
    @Override public Map<String, String> manifestParams(int snapshotBytes) { return spec.manifestParams(snapshotBytes); }
}
