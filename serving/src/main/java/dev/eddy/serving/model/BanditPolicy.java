package dev.eddy.serving.model;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.slate.BanditSlates;
import dev.eddy.bandits.slate.Slate;
import dev.eddy.bandits.slate.SlateRequest;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One restored version of a published contextual-bandit learner, for many request threads at once. Learners are
 * not thread-safe, so each concurrent caller ranks with its own copy, restored from this version's snapshot bytes
 * ({@link CopyPool}); every copy is in the published state and ranking does not change it, so all copies rank alike.
 * Ranking itself is bandits' {@link BanditSlates} over these copies ({@link #slates()}), the same code a replay of
 * the version runs.
 */
public final class BanditPolicy {
    private final String model;
    private final long version;
    private final long updates;
    private final long decidedThroughMs;
    private final BanditModelSpec spec;
    private final CopyPool<ContextualBandit> learners;
    private final BanditSlates slates;

    private BanditPolicy(String model, long version, long updates, long decidedThroughMs, BanditModelSpec spec,
                         byte[] snapshot, ContextualBandit first) {
        this.model = model;
        this.version = version;
        this.updates = updates;
        this.decidedThroughMs = decidedThroughMs;
        this.spec = spec;
        this.learners = new CopyPool<>(() -> restore(spec, snapshot));
        // The copy restored while checking the version is the pool's first.
        learners.add(first);
        this.slates = BanditSlates.fixed(model, version, learners, new CopyPool<>(spec::encoder));
    }

    /**
     * Restores a complete {@code contextual-bandit} version.
     *
     * @throws IllegalArgumentException if the manifest or the snapshot is not one of a registered learner
     */
    public static BanditPolicy restore(ModelVersion v) {
        BanditModelSpec spec = BanditModelSpec.fromManifest(v.manifest());
        byte[] snapshot = OpaqueBlocks.payload(v);
        ContextualBandit first = restore(spec, snapshot);
        Double updates = v.manifest().metrics().get(ModelManifest.UPDATES);
        Double decidedThrough = v.manifest().metrics().get(ModelManifest.DECIDED_THROUGH);
        return new BanditPolicy(v.model(), v.version(), updates == null ? 0 : Math.round(updates),
                decidedThrough == null ? Long.MIN_VALUE : Math.round(decidedThrough), spec, snapshot, first);
    }

    private static ContextualBandit restore(BanditModelSpec spec, byte[] snapshot) {
        ContextualBandit b = spec.create();
        b.restore(snapshot);
        return b;
    }

    public String model() {
        return model;
    }

    public long version() {
        return version;
    }

    /** The learner's training updates when it was published (manifest metric {@code updates}; 0 if absent). */
    public long updates() {
        return updates;
    }

    /**
     * Decision time (epoch ms) of the newest example this version learned from (manifest metric
     * {@code decided-through}); {@link Long#MIN_VALUE} if the learner did not say.
     */
    public long decidedThroughMs() {
        return decidedThroughMs;
    }

    public String learner() {
        return spec.learner();
    }

    public BanditModelSpec spec() {
        return spec;
    }

    /** This version as the slate policy serving ranks with (thread-safe). */
    public BanditSlates slates() {
        return slates;
    }

    /** A new encoder with this version's feature hashing (not thread-safe: one per thread). */
    public JointEncoder newEncoder() {
        return spec.encoder();
    }

    /**
     * The round a request describes: φ(context, candidate) for each candidate with this version's hashing and
     * crosses, as the learner job encodes logged decisions ({@link JointEncoder}).
     *
     * @throws IllegalArgumentException if there is no candidate
     */
    public BanditRound round(Map<String, Map<String, Double>> context, List<Candidate> candidates) {
        return slates.round(SlateRequest.of(context, candidates));
    }

    /**
     * Ranks {@code k} of the round's candidates, drawing with {@code rng}; see {@link BanditSlates#rank(BanditRound,
     * int, SplittableRandom)}.
     *
     * @throws IllegalArgumentException if k is not in 1..candidates
     */
    public Slate rank(BanditRound round, int k, SplittableRandom rng) {
        return slates.rank(round, k, rng);
    }

    /** Learner copies made so far (at most the number of threads that ever ranked at once). */
    int copies() {
        return learners.idleCopies();
    }
}
