package dev.eddy.bandits.encode;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.features.FeatureHasher;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.features.SparseVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The default encoding of a round: φ(context, action) = the hashed shared context, the hashed action features and
 * the configured crosses between context and action namespaces (e.g. {@code user:item}), as Vowpal Wabbit builds
 * its ADF examples. New feature names need no schema change. Not thread-safe (one hasher buffer per encoder).
 */
public final class JointEncoder {
    private final FeatureHasher hasher;

    public JointEncoder(HashingConfig config) {
        this.hasher = new FeatureHasher(config);
    }

    public int dimension() {
        return hasher.dimension();
    }

    public BanditRound encode(Map<String, Map<String, Double>> context, List<Candidate> candidates) {
        List<Map<String, Map<String, Double>>> features = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) features.add(c.features());
        return new BanditRound(hasher.hashJointAll(context, features));
    }

    /** The round a logged decision describes (its context and candidates). */
    public BanditRound encode(Decision decision) {
        return encode(decision.context(), decision.candidates());
    }
}
