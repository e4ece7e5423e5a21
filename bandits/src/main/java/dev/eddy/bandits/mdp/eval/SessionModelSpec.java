package dev.eddy.bandits.mdp.eval;

import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.bandits.eval.HashingParams;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.features.FeatureHasher;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to rebuild a published session policy ({@link SessionPolicies#standard()}) besides its snapshot:
 * the policy and its parameters, H, A, the feature hashing that gives the dense φ(s, a) of dimension d = 2^bits, the
 * episode count K its schedule was set for, and the seed. Writers put it into a manifest's params, serving reads it
 * back with {@link #fromManifest} and restores the policy with {@link #restore}.
 */
public record SessionModelSpec(String policy, Map<String, String> params, int horizon, int actions,
                               HashingConfig hashing, int episodes, long seed) implements Serializable {
    /** The manifest's modelType of session policies published this way. */
    public static final String MODEL_TYPE = "session-policy";
    private static final String PARAM_PREFIX = "param.";

    public SessionModelSpec {
        params = Map.copyOf(new TreeMap<>(params));
        if (horizon < 1 || actions < 1 || episodes < 1) {
            throw new IllegalArgumentException("horizon, actions and episodes must be >= 1");
        }
    }

    public int dimension() {
        return hashing.dimension();
    }

    /** A fresh policy of this spec (policies that need a simulator are refused). */
    public SessionPolicy create() {
        return SessionPolicies.standard().create(policy, horizon, actions, dimension(), episodes, seed, params);
    }

    /**
     * φ(s, a) of every candidate of a logged decision: the hashed joint features (context × candidate, as VW's ADF
     * examples), dense, one row per candidate.
     */
    public double[][] features(Decision d) {
        FeatureHasher hasher = new FeatureHasher(hashing);
        double[][] out = new double[d.candidates().size()][];
        for (int a = 0; a < out.length; a++) {
            Candidate c = d.candidates().get(a);
            float[] dense = hasher.hashJoint(d.context(), c.features()).toDense();
            double[] row = new double[dense.length];
            for (int i = 0; i < dense.length; i++) row[i] = dense[i];
            out[a] = row;
        }
        return out;
    }

    /**
     * The episode a logged session describes, its decisions in step order: at each step the first slot's logged
     * action and propensity, and loss 1 − reward with the reward clipped to [0, 1].
     */
    public Episode episode(List<Decision> steps, double[] rewards) {
        int n = steps.size();
        double[][][] phi = new double[n][][];
        int[] taken = new int[n];
        double[] probability = new double[n];
        double[] loss = new double[n];
        for (int h = 0; h < n; h++) {
            Decision d = steps.get(h);
            phi[h] = features(d);
            taken[h] = d.chosen().get(0);
            probability[h] = d.chosenProbability();
            loss[h] = 1 - Math.max(0, Math.min(1, rewards[h]));
        }
        return new Episode(phi, taken, probability, loss);
    }

    public Map<String, String> manifestParams(int snapshotBytes) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("policy", policy);
        params.forEach((k, v) -> out.put(PARAM_PREFIX + k, v));
        out.put("horizon", String.valueOf(horizon));
        out.put("actions", String.valueOf(actions));
        HashingParams.write(hashing, out);
        out.put("episodes", String.valueOf(episodes));
        out.put("seed", String.valueOf(seed));
        out.put(OpaqueBlocks.LENGTH_PARAM, String.valueOf(snapshotBytes));
        return out;
    }

    public static SessionModelSpec fromManifest(ModelManifest m) {
        if (!MODEL_TYPE.equals(m.modelType())) {
            throw new IllegalArgumentException(m.model() + "/" + m.version() + " is a " + m.modelType() + ", not a " + MODEL_TYPE);
        }
        Map<String, String> params = new TreeMap<>();
        m.params().forEach((k, v) -> {
            if (k.startsWith(PARAM_PREFIX)) params.put(k.substring(PARAM_PREFIX.length()), v);
        });
        HashingConfig hashing = HashingParams.read(m);
        return new SessionModelSpec(required(m, "policy"), params, Integer.parseInt(required(m, "horizon")),
                Integer.parseInt(required(m, "actions")), hashing, Integer.parseInt(required(m, "episodes")),
                Long.parseLong(required(m, "seed")));
    }

    /** The policy of a complete published version, in the state it was published in. */
    public static SessionPolicy restore(ModelVersion v) {
        SessionPolicy p = fromManifest(v.manifest()).create();
        p.restore(OpaqueBlocks.payload(v));
        return p;
    }

    private static String required(ModelManifest m, String key) {
        return HashingParams.required(m, key);
    }
}
