package dev.eddy.serving.model;

import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;
import dev.eddy.bandits.slate.SessionSlates;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.features.FeatureHasher;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;

import java.util.List;
import java.util.Map;

/**
 * One restored version of a published session policy ({@code session-policy}, the FTRL policies of the learner
 * job), for many request threads: like {@link BanditPolicy}, each concurrent caller uses its own copy restored from
 * the version's snapshot. Ranking is bandits' {@link SessionSlates} over these copies ({@link #slates()}).
 */
public final class SessionPolicyModel {
    private final String model;
    private final long version;
    private final SessionModelSpec spec;
    private final SessionSlates slates;

    private SessionPolicyModel(String model, long version, SessionModelSpec spec, byte[] snapshot, SessionPolicy first) {
        this.model = model;
        this.version = version;
        this.spec = spec;
        CopyPool<SessionPolicy> policies = new CopyPool<>(() -> restore(spec, snapshot));
        policies.add(first);
        this.slates = new SessionSlates(model, version, spec, policies, new CopyPool<>(() -> new FeatureHasher(spec.hashing())));
    }

    /** Restores a complete {@code session-policy} version; a bad manifest or snapshot throws IllegalArgumentException. */
    public static SessionPolicyModel restore(ModelVersion v) {
        SessionModelSpec spec = SessionModelSpec.fromManifest(v.manifest());
        byte[] snapshot = OpaqueBlocks.payload(v);
        return new SessionPolicyModel(v.model(), v.version(), spec, snapshot, restore(spec, snapshot));
    }

    private static SessionPolicy restore(SessionModelSpec spec, byte[] snapshot) {
        SessionPolicy p = spec.create();
        p.restore(snapshot);
        return p;
    }

    public String model() {
        return model;
    }

    public long version() {
        return version;
    }

    public SessionModelSpec spec() {
        return spec;
    }

    /** This version as the slate policy serving ranks with (thread-safe). */
    public SessionSlates slates() {
        return slates;
    }

    /** π(·|s) at {@code step} over the candidates; see {@link SessionSlates#distribution}. */
    public double[] distribution(int step, Map<String, Map<String, Double>> context, List<Candidate> candidates) {
        return slates.distribution(step, context, candidates);
    }
}
