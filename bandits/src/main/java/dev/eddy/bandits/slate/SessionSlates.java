package dev.eddy.bandits.slate;

import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.explore.InverseGapWeighting;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.features.FeatureHasher;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A published session policy (the learner job's FTRL policies) ranking at the request's step: slot 1 drawn from
 * π(·|s), later slots by {@link SlateDraw} from π renormalised over what is not yet placed. φ(s, a) is the hashed
 * joint features of context and candidate, as {@link SessionModelSpec#features} builds them from a logged decision.
 * The policy gives no scores; slot scores are the candidates' MF scores. Thread-safe: each caller borrows its own
 * policy and hasher copy.
 */
public final class SessionSlates implements SlatePolicy {
    private final String model;
    private final long version;
    private final SessionModelSpec spec;
    private final Lender<SessionPolicy> policies;
    private final Lender<FeatureHasher> hashers;

    public SessionSlates(String model, long version, SessionModelSpec spec, Lender<SessionPolicy> policies,
                         Lender<FeatureHasher> hashers) {
        this.model = model;
        this.version = version;
        this.spec = spec;
        this.policies = policies;
        this.hashers = hashers;
    }

    @Override
    public String name() {
        return model;
    }

    @Override
    public Long modelVersion() {
        return version;
    }

    public SessionModelSpec spec() {
        return spec;
    }

    /**
     * π(·|s) at {@code step} (0-based, below the horizon) over the candidates.
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

    /** Ranks at the request's step (step 0 when it gives none). */
    @Override
    public Slate rank(SlateRequest r, int k, SplittableRandom rng) {
        double[] p = distribution(r.step() == null ? 0 : r.step(), r.context(), r.candidates());
        SlatePolicy.checkK(k, p.length);
        int a = InverseGapWeighting.sample(p, p.length, rng);
        Slate s = SlateDraw.afterFirst(new Choice(a, p[a], p), k, rng);
        return s.withScores(r.mfScores(s.actions()));
    }
}
