package dev.eddy.jobs.experiments;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The experiments job's per-user stage (keyed by user id): holds each input until the watermark passes its event
 * time, then applies the inputs of a user in event-time order ({@link UserAggregation}) and passes on how the user's
 * contribution to each cell changed. Event-time order makes what a read-out at time T counts a function of the inputs
 * up to T, so that a run restored from a checkpoint writes the same read-outs as one that was not interrupted. An
 * input that comes after the watermark passed it is applied at once (it shows in the next read-out).
 *
 * <p>The deltas of all users that one watermark step releases are summed per (experiment, read-out time, cell) before
 * they go on, so the per-experiment stage, one task per experiment, receives one record per changed cell and step
 * instead of one per user and cell. They go on before the watermark that released them (and before a checkpoint
 * barrier), so downstream they are never late and never lost.
 *
 * <p>State (RocksDB): the user ({@link UserState}) and the inputs waiting for the watermark. Timers: one per distinct
 * event time of waiting input, and cleanup timers (the lookback after an interaction; the final read-out of an
 * experiment the user is in) that drop what can no longer count and clear a user of whom nothing is left.
 */
public final class UserAggregator extends AbstractStreamOperator<StatsDelta>
        implements OneInputStreamOperator<ExperimentInput, StatsDelta>, Triggerable<String, VoidNamespace> {

    private static final long HOUR = 3_600_000L;

    private final ExperimentsSettings settings;

    private transient UserAggregation aggregation;
    private transient ValueState<UserState> user;
    private transient MapState<Long, ExperimentInput[]> waiting;
    private transient InternalTimerService<VoidNamespace> timers;
    /** Deltas summed since the last watermark or barrier, by experiment, read-out time and cell. */
    private transient Map<String, Pending> outbox;
    private transient Counter late;

    /** A cell's summed delta and the latest event time in it. */
    private record Pending(StatsDelta delta, long time) {}

    public UserAggregator(ExperimentsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        aggregation = new UserAggregation(settings);
        user = getRuntimeContext().getState(new ValueStateDescriptor<>("user", TypeInformation.of(UserState.class)));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting", Types.LONG,
                TypeInformation.of(ExperimentInput[].class)));
        timers = getInternalTimerService("experiments-users", VoidNamespaceSerializer.INSTANCE, this);
        outbox = new LinkedHashMap<>();
        late = getRuntimeContext().getMetricGroup().addGroup("experiments").counter("lateInputs");
    }

    @Override
    public void processElement(StreamRecord<ExperimentInput> record) throws Exception {
        ExperimentInput in = record.getValue();
        long time = in.eventTime;
        if (time <= timers.currentWatermark()) {
            late.inc();
            UserState state = user.value();
            if (state == null) state = new UserState();
            apply(state, in, time);
            save(state, time);
            return;
        }
        ExperimentInput[] at = waiting.get(time);
        if (at == null) {
            waiting.put(time, new ExperimentInput[] {in});
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
        } else {
            ExperimentInput[] more = Arrays.copyOf(at, at.length + 1);
            more[at.length] = in;
            waiting.put(time, more);
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long time = timer.getTimestamp();
        ExperimentInput[] due = waiting.get(time);
        UserState state = user.value();
        if (due == null && state == null) return;
        if (state == null) state = new UserState();
        if (due != null) {
            waiting.remove(time);
            for (ExperimentInput in : due) apply(state, in, time);
        }
        save(state, time);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // No processing-time timers.
    }

    private void apply(UserState state, ExperimentInput in, long time) {
        for (StatsDelta d : aggregation.apply(state, in)) {
            ExperimentPlan plan = settings.experiment(d.experimentId);
            String key = d.experimentId + '\u0001' + settings.readOutAt(plan, time) + '\u0001' + d.cell();
            Pending p = outbox.get(key);
            if (p == null) {
                outbox.put(key, new Pending(d, time));
            } else {
                p.delta().stats.add(d.stats, 1);
                if (time > p.time()) outbox.put(key, new Pending(p.delta(), time));
            }
        }
        if (in.kind == ExperimentInput.INTERACTION) {
            // Rounded to the hour: one cleanup timer per user and hour, not one per interaction.
            long forget = in.eventTime + settings.cupedLookback().toMillis();
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, forget + Math.floorMod(-forget, HOUR));
        } else if (in.kind == ExperimentInput.DECISION) {
            ExperimentPlan plan = settings.experiment(in.experimentId);
            if (plan != null && plan.finalAt() != Long.MAX_VALUE) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, plan.finalAt());
            }
        }
    }

    private void save(UserState state, long now) throws Exception {
        if (aggregation.prune(state, now)) {
            user.clear();
        } else {
            user.update(state);
        }
    }

    /** Passes the summed deltas on; each keeps the latest event time of its inputs. */
    private void flush() {
        for (Pending p : outbox.values()) {
            if (!p.delta().stats.isZero()) output.collect(new StreamRecord<>(p.delta(), p.time()));
        }
        outbox.clear();
    }

    /** The timers the watermark releases fire, their deltas go on, and only then the watermark. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (getTimeServiceManager().isPresent()) getTimeServiceManager().get().advanceWatermark(mark);
        flush();
        output.emitWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }
}
