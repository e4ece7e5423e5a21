package dev.eddy.serving.model;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.neural.NeuCB;
import dev.eddy.bandits.neural.RankedSlate;
import dev.eddy.bandits.neural.Slate;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One restored version of a published contextual-bandit learner, for many request threads at once. Learners are
 * not thread-safe, so each concurrent caller ranks with its own copy, restored from this version's snapshot bytes
 * ({@link CopyPool}); every copy is in the published state and ranking does not change it, so all copies rank alike.
 *
 * <p>Slates: NeuCB learners use their own {@code chooseSlate} (IGW sampling without replacement); other learners use
 * {@code choose} for slot 1 and {@link SlateSampler}'s scheme for the rest. Either way {@link Ranking#propensities()}
 * holds per slot the conditional probability of that slot's action given the slots above it.
 */
public final class BanditPolicy {
    private final String model;
    private final long version;
    private final long updates;
    private final BanditModelSpec spec;
    private final CopyPool<ContextualBandit> learners;
    private final CopyPool<JointEncoder> encoders;

    private BanditPolicy(String model, long version, long updates, BanditModelSpec spec, byte[] snapshot,
                         ContextualBandit first) {
        this.model = model;
        this.version = version;
        this.updates = updates;
        this.spec = spec;
        this.learners = new CopyPool<>(() -> restore(spec, snapshot));
        this.encoders = new CopyPool<>(spec::encoder);
        // The copy restored while checking the version is the pool's first.
        learners.add(first);
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
        Double updates = v.manifest().metrics().get("updates");
        return new BanditPolicy(v.model(), v.version(), updates == null ? 0 : Math.round(updates), spec, snapshot, first);
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

    public String learner() {
        return spec.learner();
    }

    public BanditModelSpec spec() {
        return spec;
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
        if (candidates == null || candidates.isEmpty()) throw new IllegalArgumentException("candidates: at least one is needed");
        Map<String, Map<String, Double>> ctx = context == null ? Map.of() : context;
        return encoders.with(e -> e.encode(ctx, candidates));
    }

    /**
     * Ranks {@code k} of the round's candidates, drawing with {@code rng}.
     *
     * @throws IllegalArgumentException if k is not in 1..candidates
     */
    public Ranking rank(BanditRound round, int k, SplittableRandom rng) {
        if (k < 1 || k > round.size()) throw new IllegalArgumentException("k must be in 1.." + round.size() + ", was " + k);
        return learners.with(learner -> rankWith(learner, round, k, rng));
    }

    private static Ranking rankWith(ContextualBandit learner, BanditRound round, int k, SplittableRandom rng) {
        if (learner instanceof NeuCB neucb) {
            // One forward pass per candidate gives the slate, the distribution and the scores.
            RankedSlate ranked = neucb.rankSlate(round, k, rng);
            double[] scores = ranked.predictedLosses();
            for (int a = 0; a < scores.length; a++) scores[a] = 1 - scores[a];
            Slate slate = ranked.slate();
            return new Ranking(slate.actions(), slate.propensities(), ranked.distribution(), scores);
        }
        return SlateSampler.fromFirstChoice(learner.choose(round, rng), k, rng);
    }

    /** Learner copies made so far (at most the number of threads that ever ranked at once). */
    int copies() {
        return learners.idleCopies();
    }
}
