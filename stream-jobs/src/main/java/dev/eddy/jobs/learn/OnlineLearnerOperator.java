package dev.eddy.jobs.learn;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.connectors.event.DeadLetter;
import dev.eddy.connectors.event.Decision;
import dev.eddy.connectors.event.JoinedExample;
import dev.eddy.connectors.json.EventJson;
import dev.eddy.connectors.json.InvalidEventException;
import dev.eddy.jobs.join.KeyedBytes;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Updates each model's learner online from its examples (keyed by model name) and publishes its versions.
 *
 * <p><b>State and restore.</b> A model's learner lives in keyed state on RocksDB as its snapshot bytes
 * ({@link LearnerState}, one {@code ValueState} per model). Writing that snapshot after every example would cost a
 * full serialization (NeuFastCB at 2^10 dimensions: about 560 KB) and a RocksDB put per example, far more than the
 * update itself. So the operator keeps the live learner of each model in a transient map and writes every model
 * that changed into keyed state in {@link #prepareSnapshotPreBarrier}: Flink calls it on the task thread before it
 * forwards the checkpoint barrier and before it snapshots the keyed state, with no record processed in between. The
 * checkpoint therefore holds exactly the parameters after the last example before the barrier, next to the source
 * offsets of that same point and the sink transaction with the versions published up to it. After a failure Flink
 * builds a new operator (empty map), restores state and offsets from the checkpoint, and the map refills from
 * state: no update is lost or applied twice, and version numbers continue from the checkpointed counter (versions
 * published after the checkpoint were in an aborted transaction, which read_committed readers never see). Keyed state
 * can only be written with a key set; an operator (unlike a KeyedProcessFunction) may set it, which is why this is an
 * operator. Models are few (one per policy or variant), so the map is never evicted.
 *
 * <p><b>Off-policy updates.</b> Each example updates its model with the first slot's logged action and propensity
 * and the example's reward (for {@code rewardObserved=false} that is the default reward the join wrote), clipped to
 * the learners' [0, 1]. What a learner does with the propensity is its own business: SquareCB-style learners (all
 * registered ones) regress on the observed action and ignore it, as VW does. Decisions marked {@code skipLearn} do
 * not update. The decision's {@code weight} is not applied: {@code ContextualBandit.learn} takes no sample weight
 * (counted in {@code learner.weightedExamples}).
 */
public final class OnlineLearnerOperator extends AbstractStreamOperator<KeyedBytes>
        implements OneInputStreamOperator<LearnerInput, KeyedBytes>, Triggerable<String, VoidNamespace> {

    public static final OutputTag<KeyedBytes> DEAD_LETTERS =
            new OutputTag<>("learn-dead-letters", TypeInformation.of(KeyedBytes.class));

    private final LearnerSettings settings;

    private transient ValueState<LearnerState> state;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Map<String, LiveModel> live;
    private transient JointEncoder encoder;
    private transient Counter updates;
    private transient Counter skipped;
    private transient Counter unrouted;
    private transient Counter weighted;
    private transient Counter published;

    public OnlineLearnerOperator(LearnerSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        state = getPartitionedState(new ValueStateDescriptor<>("learner", TypeInformation.of(LearnerState.class)));
        timers = getInternalTimerService("publish", VoidNamespaceSerializer.INSTANCE, this);
        live = new HashMap<>();
        encoder = new JointEncoder(settings.hashing());
        var metrics = getRuntimeContext().getMetricGroup().addGroup("learner");
        updates = metrics.counter("updates");
        skipped = metrics.counter("skipLearnExamples");
        unrouted = metrics.counter("unroutedExamples");
        weighted = metrics.counter("weightedExamples");
        published = metrics.counter("versionsPublished");
    }

    @Override
    public void processElement(StreamRecord<LearnerInput> record) throws Exception {
        LearnerInput in = record.getValue();
        JoinedExample example;
        try {
            example = EventJson.parseExample(in.payload);
        } catch (InvalidEventException e) {
            // The source validated it; bytes that no longer parse mean a bug, which must not stop learning.
            deadLetter("unexpected: " + e.getMessage(), in);
            return;
        }
        Decision d = example.decision();
        if (d.skipLearn()) {
            skipped.inc();
            return;
        }
        Optional<LiveModel> found = model(in.model, d.candidates().size());
        if (found.isEmpty()) {
            unrouted.inc();
            return;
        }
        LiveModel m = found.get();
        if (d.weight() != 1.0) weighted.inc();
        double reward = Math.max(0, Math.min(1, example.reward()));
        try {
            BanditRound round = encoder.encode(d);
            m.bandit.learn(round, d.chosen().get(0), d.chosenProbability(), reward);
        } catch (IllegalArgumentException e) {
            // E.g. a per-action learner built for K actions meeting a decision with another number of candidates.
            deadLetter("model " + m.name + " (" + m.spec.learner() + ") cannot learn from example " + d.eventId()
                    + ": " + e.getMessage(), in);
            return;
        }
        m.updates++;
        m.dirty = true;
        updates.inc();
        if (settings.publishEvery() > 0 && m.updates - m.publishedUpdates >= settings.publishEvery()) {
            publish(m);
        } else if (!settings.publishInterval().isZero() && !m.publishTimerSet) {
            m.publishTimerSet = true;
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE,
                    getProcessingTimeService().getCurrentProcessingTime() + settings.publishInterval().toMillis());
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        // After a restore the map is empty but the checkpointed timer still fires; the model comes back from state.
        Optional<LiveModel> m = model(timer.getKey(), 0);
        if (m.isEmpty()) return;
        m.get().publishTimerSet = false;
        if (m.get().updates > m.get().publishedUpdates) publish(m.get());
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // Publishing runs in processing time only.
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        Object key = getCurrentKey();
        for (LiveModel m : live.values()) {
            if (!m.dirty) continue;
            setCurrentKey(m.name);
            state.update(m.toState());
            m.dirty = false;
        }
        if (key != null) setCurrentKey(key);
    }

    /** The live model of {@code name}: from the map, else from keyed state, else new (when a learner is configured). */
    private Optional<LiveModel> model(String name, int actions) throws Exception {
        LiveModel m = live.get(name);
        if (m != null) return Optional.of(m);
        LearnerState s = state.value();
        if (s != null) {
            m = LiveModel.restored(name, s, settings);
        } else {
            Optional<LearnerSpec> spec = settings.specOf(name);
            if (spec.isEmpty() || actions == 0) return Optional.empty();
            m = LiveModel.fresh(name, new BanditModelSpec(spec.get().learner(), spec.get().params(),
                    settings.hashing(), actions, settings.seed()));
            m.dirty = true;
        }
        live.put(name, m);
        return Optional.of(m);
    }

    private void publish(LiveModel m) {
        m.version++;
        m.publishedUpdates = m.updates;
        m.dirty = true;
        Instant now = Instant.ofEpochMilli(getProcessingTimeService().getCurrentProcessingTime());
        for (KeyedBytes r : ModelPublisher.records(m.name, m.version, m.spec, m.updates, m.bandit.snapshot(), now,
                settings.blockBytes())) {
            output.collect(new StreamRecord<>(r));
        }
        published.inc();
    }

    private void deadLetter(String reason, LearnerInput in) {
        DeadLetter dl = DeadLetter.of(reason, "learn/update", in.topic, in.partition, in.offset, in.payload);
        output.collect(DEAD_LETTERS, new StreamRecord<>(new KeyedBytes(null, EventJson.write(dl))));
    }
}
