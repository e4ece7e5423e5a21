package dev.eddy.jobs.replay;

import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;
import dev.eddy.bandits.slate.BanditSlates;
import dev.eddy.bandits.slate.Lender;
import dev.eddy.bandits.slate.SessionSlates;
import dev.eddy.bandits.slate.SlatePolicies;
import dev.eddy.bandits.slate.SlatePolicy;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.features.FeatureHasher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Builds the policy a spec names, on the task that replays it. */
public final class ReplayPolicies {
    private ReplayPolicies() {}

    static ReplayPolicy create(ReplayPolicySpec spec, ReplaySettings settings) {
        try {
            return switch (spec.kind()) {
                case UNIFORM -> new SlateReplayPolicy(spec.text(), SlatePolicies.uniform(), null);
                case LOGGING -> new LoggingReplayPolicy(spec.text());
                case POPULAR -> new PopularReplayPolicy(spec.text());
                case LEARNER -> LearnerReplayPolicy.learning(spec.text(), spec.learner(), spec.params(),
                        settings.hashing(), settings.seed());
                case SNAPSHOT -> LearnerReplayPolicy.fixed(spec.text(), PolicySnapshot.read(Path.of(spec.file())));
                case LOGGED -> LoggedReplayPolicy.fromLog(spec.text(), Path.of(spec.file()), settings.loggedFormat());
                case SERVING -> serving(spec);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("policy " + spec.text() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A {@code serving:} spec's policy, built from the same bandits code serving builds it from (its
     * {@code RankingPolicies}): the fixed MF policies scored by the embedding version, or the contextual-bandit or
     * session-policy version restored from its snapshot as serving's model follower restores it (one copy: a lane
     * is one thread).
     *
     * @throws IllegalStateException if the spec needs a model version and {@link ReplayModels} attached none
     */
    public static SlateReplayPolicy serving(ReplayPolicySpec spec) {
        ServingPolicySpec s = spec.serving();
        if (s == null) throw new IllegalArgumentException(spec.text() + " is not a serving: spec");
        if (s.needsModel() && spec.model() == null) {
            throw new IllegalStateException(spec.text() + ": its model version was not read (ReplayModels.resolve)");
        }
        if (SlatePolicies.UNIFORM.equals(s.policy())) return new SlateReplayPolicy(spec.text(), SlatePolicies.uniform(), null);
        if (s.ranksByScores()) {
            SlatePolicy fixed = SlatePolicies.fixed(s.policy(), s.params(), SlatePolicies.DEFAULT_EPSILON);
            return new SlateReplayPolicy(spec.text(), fixed, ((ReplayModel.Embedding) spec.model()).scorer());
        }
        ReplayModel.Learned v = (ReplayModel.Learned) spec.model();
        ModelManifest manifest = v.manifest();
        if (SlatePolicies.isBandit(s.policy())) {
            BanditModelSpec bandit = BanditModelSpec.fromManifest(manifest);
            var learner = bandit.create();
            learner.restore(v.snapshot());
            return new SlateReplayPolicy(spec.text(), BanditSlates.fixed(v.model(), v.version(), Lender.sole(learner),
                    Lender.sole(bandit.encoder())), null);
        }
        SessionModelSpec session = SessionModelSpec.fromManifest(manifest);
        SessionPolicy policy = session.create();
        policy.restore(v.snapshot());
        return new SlateReplayPolicy(spec.text(), new SessionSlates(v.model(), v.version(), session, Lender.sole(policy),
                Lender.sole(new FeatureHasher(session.hashing()))), null);
    }
}
