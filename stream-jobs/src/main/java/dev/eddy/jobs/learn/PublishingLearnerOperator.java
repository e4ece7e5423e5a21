package dev.eddy.jobs.learn;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.PublishedVersions;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every learner operator of the job shares (keyed by model name): the model's learner in RocksDB keyed state,
 * a live copy per model, and publishing its versions. Subclasses say how an input updates a model.
 *
 * <p><b>State and restore.</b> A model's learner lives in keyed state as its snapshot bytes ({@link LearnerState},
 * one {@code ValueState} per model). Writing that snapshot after every update would cost a full serialization and
 * a RocksDB put per example: a plain timing loop on this machine measured NeuFastCB's snapshot() at 490 µs (100 KB,
 * 2^7 dimensions) against 104 µs for its update, and 614 µs (559 KB, 2^10) against 584 µs, before the put. So
 * the operator keeps the live learner of each model in a transient map and writes every model that changed into
 * keyed state in {@link #prepareSnapshotPreBarrier}: Flink calls it on the task thread before it forwards the
 * checkpoint barrier and before it snapshots the keyed state, with no record processed in between. The checkpoint
 * therefore holds exactly the parameters after the last input before the barrier, next to the source offsets of
 * that same point and the sink transaction with the versions published up to it. After a failure Flink builds a new
 * operator (empty map), restores state and offsets from the checkpoint, and the map refills from state: no update
 * is lost or applied twice, and version numbers continue from the checkpointed counter (versions published after
 * the checkpoint were in an aborted transaction, which read_committed readers never see). Keyed state can only be
 * written with a key set; an operator (unlike a KeyedProcessFunction, whose snapshotState has no key context) may
 * set it, which is why this is an operator. Models are few (one per policy or variant), so the map is never evicted.
 *
 * <p><b>Versions without state.</b> A model that has no keyed state (a fresh start without a checkpoint, or a model
 * new to a restored job) continues above the highest version of it already committed to the models topic
 * ({@link PublishedVersions}, read once per operator instance, the first time such a model appears), so versions
 * increase per model across fresh starts too. A model with state keeps its checkpointed counter.
 */
abstract class PublishingLearnerOperator<IN, L extends ModelLearner> extends AbstractStreamOperator<KeyedBytes>
        implements OneInputStreamOperator<IN, KeyedBytes>, BoundedOneInput, Triggerable<String, VoidNamespace> {

    public static final OutputTag<KeyedBytes> DEAD_LETTERS =
            new OutputTag<>("learn-dead-letters", TypeInformation.of(KeyedBytes.class));

    protected final LearnerSettings settings;
    private final PublishedVersions publishedVersions;

    private transient ValueState<LearnerState> state;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Map<String, LiveModel<L>> live;
    private transient Counter updates;
    private transient Counter published;
    private transient Map<String, Long> highestPublished;

    PublishingLearnerOperator(LearnerSettings settings, PublishedVersions publishedVersions) {
        this.settings = settings;
        this.publishedVersions = publishedVersions;
    }

    /** The learner of a model that has keyed state. */
    protected abstract L restore(String model, LearnerState state);

    /** A new learner for a model without state, or empty when the model is not to be learned. */
    protected abstract Optional<L> create(String model, int actions);

    @Override
    public void open() throws Exception {
        super.open();
        state = getPartitionedState(new ValueStateDescriptor<>("learner", TypeInformation.of(LearnerState.class)));
        timers = getInternalTimerService("publish", VoidNamespaceSerializer.INSTANCE, this);
        live = new HashMap<>();
        var metrics = getRuntimeContext().getMetricGroup().addGroup("learner");
        updates = metrics.counter("updates");
        published = metrics.counter("versionsPublished");
    }

    /**
     * The live model of {@code name} (the current key): from the map, else from keyed state, else new with
     * {@code actions} actions when a learner is configured for it (actions 0: never new).
     */
    protected final Optional<LiveModel<L>> model(String name, int actions) throws Exception {
        LiveModel<L> m = live.get(name);
        if (m != null) return Optional.of(m);
        LearnerState s = state.value();
        if (s != null) {
            m = new LiveModel<>(name, restore(name, s)).withCounters(s);
        } else {
            if (actions == 0) return Optional.empty();
            Optional<L> fresh = create(name, actions);
            if (fresh.isEmpty()) return Optional.empty();
            m = new LiveModel<>(name, fresh.get());
            m.version = highestPublished().getOrDefault(name, 0L);
            if (m.version > 0) LOG.info("model {} starts without state: its versions continue above {}", name, m.version);
            m.dirty = true;
        }
        live.put(name, m);
        return Optional.of(m);
    }

    private Map<String, Long> highestPublished() {
        if (highestPublished == null) highestPublished = publishedVersions.highest();
        return highestPublished;
    }

    /** Counts one update of {@code m} and publishes by count, or makes sure a publish timer is set. */
    protected final void updated(LiveModel<L> m) {
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
        Optional<LiveModel<L>> m = model(timer.getKey(), 0);
        if (m.isEmpty()) return;
        m.get().publishTimerSet = false;
        if (m.get().updates > m.get().publishedUpdates) publish(m.get());
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // Publishing runs in processing time only.
    }

    /** Set once a bounded input has ended: the sinks downstream then refuse records, at a final checkpoint too. */
    private transient boolean inputEnded;

    @Override
    public void endInput() {
        inputEnded = true;
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        Object key = getCurrentKey();
        for (LiveModel<L> m : live.values()) {
            // Under exactly-once a version becomes visible when the checkpoint after it completes: one published
            // by the timer just after this barrier would wait a whole checkpoint interval, and the updates made
            // since the last publish with it (measured in the demo: the first model with examples decided after a
            // drift). Published here, before the barrier, this checkpoint commits it.
            if (settings.publishOnCheckpoint() && !inputEnded && m.updates > m.publishedUpdates) publish(m);
            if (!m.dirty) continue;
            setCurrentKey(m.name);
            state.update(m.toState());
            m.dirty = false;
        }
        if (key != null) setCurrentKey(key);
    }

    private void publish(LiveModel<L> m) {
        m.version++;
        m.publishedUpdates = m.updates;
        m.dirty = true;
        Instant now = Instant.ofEpochMilli(getProcessingTimeService().getCurrentProcessingTime());
        for (KeyedBytes r : ModelPublisher.records(m.name, m.version, m.learner, m.updates, m.decidedThrough, now,
                settings.blockBytes())) {
            output.collect(new StreamRecord<>(r));
        }
        published.inc();
    }

    protected final void deadLetter(String reason, String topic, int partition, long offset, byte[] raw) {
        DeadLetter dl = DeadLetter.of(reason, "learn/update", topic, partition, offset, raw);
        output.collect(DEAD_LETTERS, new StreamRecord<>(new KeyedBytes(null, EventJson.write(dl))));
    }
}
