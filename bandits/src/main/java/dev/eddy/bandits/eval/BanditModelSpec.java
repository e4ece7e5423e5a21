package dev.eddy.bandits.eval;

import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to rebuild a published contextual-bandit learner besides its snapshot bytes: the registered
 * learner ({@link Policies#standard()}), its parameters, the feature hashing of its joint encoder, the number of
 * actions it was built for and its seed. Writers put it into a {@link ModelManifest}'s params; serving reads it
 * back with {@link #fromManifest} and restores the learner with {@link #restore}.
 */
public record BanditModelSpec(String learner, Map<String, String> params, HashingConfig hashing, int actions,
                              long seed) implements Serializable {
    /** The manifest's modelType of learners published this way. */
    public static final String MODEL_TYPE = "contextual-bandit";
    private static final String PARAM_PREFIX = "param.";

    public BanditModelSpec {
        params = Map.copyOf(new TreeMap<>(params));
        if (actions < 1) throw new IllegalArgumentException("actions must be >= 1, was " + actions);
    }

    /** A fresh learner of this spec. */
    public ContextualBandit create() {
        return Policies.standard().create(learner, hashing.dimension(), actions, seed, params);
    }

    public JointEncoder encoder() {
        return new JointEncoder(hashing);
    }

    /** The manifest params describing this spec, plus the snapshot's exact length. */
    public Map<String, String> manifestParams(int snapshotBytes) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("learner", learner);
        params.forEach((k, v) -> out.put(PARAM_PREFIX + k, v));
        HashingParams.write(hashing, out);
        out.put("actions", String.valueOf(actions));
        out.put("seed", String.valueOf(seed));
        out.put(OpaqueBlocks.LENGTH_PARAM, String.valueOf(snapshotBytes));
        return out;
    }

    public static BanditModelSpec fromManifest(ModelManifest m) {
        if (!MODEL_TYPE.equals(m.modelType())) {
            throw new IllegalArgumentException(m.model() + "/" + m.version() + " is a " + m.modelType() + ", not a " + MODEL_TYPE);
        }
        Map<String, String> p = m.params();
        Map<String, String> learnerParams = new TreeMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith(PARAM_PREFIX)) learnerParams.put(k.substring(PARAM_PREFIX.length()), v);
        });
        HashingConfig hashing = HashingParams.read(m);
        return new BanditModelSpec(required(m, "learner"), learnerParams, hashing,
                Integer.parseInt(required(m, "actions")), Long.parseLong(required(m, "seed")));
    }

    /** The learner of a complete published version, in the state it was published in. */
    public static ContextualBandit restore(ModelVersion v) {
        ContextualBandit b = fromManifest(v.manifest()).create();
        b.restore(OpaqueBlocks.payload(v));
        return b;
    }

    private static String required(ModelManifest m, String key) {
        return HashingParams.required(m, key);
    }
}
