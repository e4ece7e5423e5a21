package dev.eddy.serving.model;

import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.explore.InverseGapWeighting;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.features.FeatureHasher;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One restored version of a published session policy ({@code session-policy}, the FTRL policies of the learner
 * job), for many request threads: like {@link BanditPolicy}, each concurrent caller uses its own copy restored from
 * the version's snapshot.
 */
public final class SessionPolicyModel {
    private final String model;
    private final long version;
    private final SessionModelSpec spec;
    private final CopyPool<SessionPolicy> policies;
    private final CopyPool<FeatureHasher> hashers;

    private SessionPolicyModel(String model, long version, SessionModelSpec spec, byte[] snapshot, SessionPolicy first) {
        this.model = model;
        this.version = version;
        this.spec = spec;
        this.policies = new CopyPool<>(() -> restore(spec, snapshot));
        this.policies.add(first);
        this.hashers = new CopyPool<>(() -> new FeatureHasher(spec.hashing()));
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

    /**
     * π(·|s) at {@code step} (0-based, below the horizon) over the candidates, from φ(s, a) = the hashed joint
     * features of context and candidate (as {@link SessionModelSpec#features} builds them from a logged decision).
     *
     * @throws IllegalArgumentException if the step is outside the horizon or the candidates are not exactly A
     */
    public double[] distribution(int step, Map<String, Map<String, Double>> context, List<Candidate> candidates) {
        if (step < 0 || step >= spec.horizon()) {
            throw new IllegalArgumentException("step must be in 0.." + (spec.horizon() - 1) + ", was " + step);
        }
        if (candidates == null || candidates.size() != spec.actions()) {
            throw new IllegalArgumentException("candidates: " + model + " was trained for exactly " + spec.actions()
                    + " actions, got " + (candidates == null ? 0 : candidates.size()));
        }
        Map<String, Map<String, Double>> ctx = context == null ? Map.of() : context;
        double[][] phi = hashers.with(h -> {
            double[][] out = new double[candidates.size()][];
            for (int a = 0; a < out.length; a++) {
                float[] dense = h.hashJoint(ctx, candidates.get(a).features()).toDense();
                double[] row = new double[dense.length];
                for (int i = 0; i < dense.length; i++) row[i] = dense[i];
                out[a] = row;
            }
            return out;
        });
        double[] out = new double[candidates.size()];
        policies.with(p -> {
            p.distribution(step, phi, out);
            return out;
        });
        return out;
    }

    /**
     * A slate for {@code step}: slot 1 drawn from π(·|s), later slots from π renormalised over what is not yet
     * placed (see {@link Ranking} for the propensities). The policy gives no scores.
     */
    public Ranking rank(int step, Map<String, Map<String, Double>> context, List<Candidate> candidates, int k,
                        SplittableRandom rng) {
        double[] p = distribution(step, context, candidates);
        int a = InverseGapWeighting.sample(p, p.length, rng);
        return SlateSampler.fromFirstChoice(new Choice(a, p[a], p), k, rng);
    }
}
