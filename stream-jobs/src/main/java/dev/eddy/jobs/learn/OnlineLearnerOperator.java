package dev.eddy.jobs.learn;

import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.parallel.ShardedBandit;
import dev.eddy.jobs.runtime.PublishedVersions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Updates each contextual-bandit model's learner from every one of its examples (keyed by model name) and publishes
 * its versions; state, restore and publishing as in {@link PublishingLearnerOperator}. It learns from the
 * {@link EncodedRound} the source made of each example, so its task thread, which carries a model alone, neither
 * parses nor hashes.
 *
 * <p><b>Off-policy updates.</b> Each example updates its model with the first slot's logged action and propensity
 * and the example's reward (for {@code rewardObserved=false} that is the default reward the join wrote), clipped to
 * the learners' [0, 1]. What a learner does with the propensity is its own business: SquareCB-style learners (all
 * registered ones) regress on the observed action and ignore it, as VW does. Decisions marked {@code skipLearn} do
 * not update. The decision's {@code weight} (importance weight of a logged record, e.g. 1/(1 − pdrop)) is passed to
 * the learner, which scales its update by it (see {@code ContextualBandit.learn} with a weight); examples with a
 * weight other than 1 are counted in {@code learner.weightedExamples}, and those whose learner has no weighted update
 * and learns them as unweighted (a sharded model) in {@code learner.weightIgnoredExamples}.
 */
public final class OnlineLearnerOperator extends PublishingLearnerOperator<LearnerRecord, BanditLearner> {

    private transient ExecutorService shardThreads;
    private transient Counter skipped;
    private transient Counter unrouted;
    private transient Counter weighted;
    private transient Counter weightIgnored;

    public OnlineLearnerOperator(LearnerSettings settings, PublishedVersions publishedVersions) {
        super(settings, publishedVersions);
    }

    @Override
    public void open() throws Exception {
        super.open();
        var metrics = getRuntimeContext().getMetricGroup().addGroup("learner");
        skipped = metrics.counter("skipLearnExamples");
        unrouted = metrics.counter("unroutedExamples");
        weighted = metrics.counter("weightedExamples");
        weightIgnored = metrics.counter("weightIgnoredExamples");
    }

    @Override
    protected BanditLearner restore(String model, LearnerState s) {
        settings.specOf(model).filter(c -> !c.learner().equals(s.learner)
                        || !LiveModel.formatParams(c.params()).equals(s.params))
                .ifPresent(c -> LOG.warn("model {} keeps its learner {}:{} from state; the configured {}:{} needs a "
                        + "fresh start", model, s.learner, s.params, c.learner(), LiveModel.formatParams(c.params())));
        return parallel(BanditLearner.restored(new BanditModelSpec(s.learner, LiveModel.parseParams(s.params),
                settings.hashing(), s.actions, settings.seed()), s.snapshot));
    }

    @Override
    protected Optional<BanditLearner> create(String model, int actions) {
        return settings.specOf(model).map(spec -> parallel(BanditLearner.fresh(
                new BanditModelSpec(spec.learner(), spec.params(), settings.hashing(), actions, settings.seed()))));
    }

    /**
     * A sharded model's shards learn each period on threads of this operator (one per shard): that is what puts
     * more than one core to work on one model, since Flink runs a key's records on one task thread. The task thread
     * waits for the period to finish, so the learner is never touched by two threads at once, and the result does
     * not depend on the threads (see {@link ShardedBandit}). These threads are outside Flink's slot accounting: a
     * model with S shards uses up to S cores of the TaskManager that holds its key.
     */
    private BanditLearner parallel(BanditLearner l) {
        if (l.bandit() instanceof ShardedBandit s) {
            if (shardThreads == null) {
                shardThreads = Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "eddy-learner-shard");
                    t.setDaemon(true);
                    return t;
                });
            }
            s.useExecutor(shardThreads);
        }
        return l;
    }

    @Override
    public void close() throws Exception {
        if (shardThreads != null) shardThreads.shutdownNow();
        super.close();
    }

    @Override
    public void processElement(StreamRecord<LearnerRecord> record) throws Exception {
        LearnerInput in = record.getValue().input;
        EncodedRound r = record.getValue().round;
        if (r == null) {
            // The source encodes every example of a per-example model; one without means a bug, which must not stop
            // learning.
            deadLetter("unexpected: example of model " + in.model + " reached the learner without its encoded round",
                    in.topic, in.partition, in.offset, in.payload);
            return;
        }
        if (r.skipLearn) {
            skipped.inc();
            return;
        }
        Optional<LiveModel<BanditLearner>> found = model(in.model, r.actions);
        if (found.isEmpty()) {
            unrouted.inc();
            return;
        }
        LiveModel<BanditLearner> m = found.get();
        double reward = Math.max(0, Math.min(1, r.reward));
        try {
            m.learner.bandit().learn(r.round(), r.chosen, r.probability, reward, r.weight);
        } catch (IllegalArgumentException e) {
            // A learner that refuses an example (e.g. more candidates than it was built for) must not stop the job.
            deadLetter("model " + m.name + " (" + m.learner.learnerName() + ") cannot learn from example "
                    + r.eventId + ": " + e.getMessage(), in.topic, in.partition, in.offset, in.payload);
            return;
        }
        m.decidedThrough = Math.max(m.decidedThrough, r.decidedAt);
        if (r.weight != 1.0) {
            weighted.inc();
            if (!m.learner.bandit().honoursWeight()) weightIgnored.inc();
        }
        updated(m);
    }
}
