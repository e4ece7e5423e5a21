package dev.eddy.jobs.learn;

import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;

import java.util.Map;

/** A session policy of the job, with the spec it is published under. */
record SessionLearner(SessionModelSpec spec, SessionPolicy policy) implements ModelLearner {

    static SessionLearner fresh(SessionModelSpec spec) {
        return new SessionLearner(spec, spec.create());
    }

    static SessionLearner restored(SessionModelSpec spec, byte[] snapshot) {
        SessionLearner l = fresh(spec);
        l.policy.restore(snapshot);
        return l;
    }

    @Override public String learnerName() { return spec.policy(); }
    @Override public Map<String, String> params() { return spec.params(); }
    @Override public int actions() { return spec.actions(); }
    @Override public byte[] snapshot() { return policy.snapshot(); }
    @Override public String modelType() { return SessionModelSpec.MODEL_TYPE; }
    @Override public Map<String, String> manifestParams(int snapshotBytes) { return spec.manifestParams(snapshotBytes); }
}
