package dev.eddy.bandits.slate;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.JointEncoder;

import java.util.SplittableRandom;

/**
 * A contextual-bandit learner ranking a request's candidates: φ(context, candidate) for each candidate with the
 * learner's {@link JointEncoder} (as the learner job encodes logged decisions), then the learner's
 * {@link ContextualBandit#chooseSlate} (NeuCB: its own IGW slate; others: {@code choose} for slot 1 and
 * {@link SlateDraw} for the rest). Slot scores are the learner's where it gives them (NeuCB: 1 − predicted loss),
 * else the candidates' MF scores.
 *
 * <p>{@link #fixed}: a published version shared by many threads, each borrowing its own learner copy (all in the
 * published state; ranking does not change them). {@link #learning}: one learner, on one thread, that learns from
 * every outcome it is given.
 */
public final class BanditSlates implements SlatePolicy {
    private final String name;
    private final Long version;
    private final Lender<ContextualBandit> learners;
    private final Lender<JointEncoder> encoders;
    private final boolean learns;
    /** Learning only (one thread): deciding and learning on the same request share one encoding. */
    private SlateRequest lastRequest;
    private BanditRound lastRound;

    private BanditSlates(String name, Long version, Lender<ContextualBandit> learners, Lender<JointEncoder> encoders,
                         boolean learns) {
        this.name = name;
        this.version = version;
        this.learners = learners;
        this.encoders = encoders;
        this.learns = learns;
    }

    /**
     * Version {@code version} (null: not a published version) of model {@code model}, ranking with the learners and
     * encoders lent; it does not learn.
     */
    public static BanditSlates fixed(String model, Long version, Lender<ContextualBandit> learners,
                                     Lender<JointEncoder> encoders) {
        return new BanditSlates(model, version, learners, encoders, false);
    }

    /** {@code learner}, learning as it goes; for one thread. */
    public static BanditSlates learning(ContextualBandit learner, JointEncoder encoder) {
        return new BanditSlates(learner.name(), null, Lender.sole(learner), Lender.sole(encoder), true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Long modelVersion() {
        return version;
    }

    @Override
    public boolean learns() {
        return learns;
    }

    /** The round a request describes, with this learner's feature hashing and crosses. */
    public BanditRound round(SlateRequest r) {
        if (learns) {
            if (r != lastRequest) {
                lastRound = encode(r);
                lastRequest = r;
            }
            return lastRound;
        }
        return encode(r);
    }

    private BanditRound encode(SlateRequest r) {
        return encoders.with(e -> e.encode(r.context(), r.candidates()));
    }

    /**
     * Ranks {@code k} of the round's candidates; slot scores only where the learner gives them.
     *
     * @throws IllegalArgumentException if k is not in 1..candidates
     */
    public Slate rank(BanditRound round, int k, SplittableRandom rng) {
        SlatePolicy.checkK(k, round.size());
        return learners.with(learner -> learner.chooseSlate(round, k, rng));
    }

    @Override
    public Slate rank(SlateRequest r, int k, SplittableRandom rng) {
        Slate s = rank(round(r), k, rng);
        return s.hasScores() ? s : s.withScores(r.mfScores(s.actions()));
    }

    @Override
    public void learn(SlateRequest r, int action, double propensity, double reward) {
        if (!learns) throw new UnsupportedOperationException(name + " version " + version + " is fixed");
        BanditRound round = round(r);
        learners.with(learner -> {
            learner.learn(round, action, propensity, reward);
            return null;
        });
    }
}
