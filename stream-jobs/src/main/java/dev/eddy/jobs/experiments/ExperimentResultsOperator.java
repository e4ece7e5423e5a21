package dev.eddy.jobs.experiments;

import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.join.KeyedBytes;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The experiments job's per-experiment stage (keyed by experiment id): adds the users' deltas up into each cell's
 * sufficient statistics and writes a read-out ({@link ResultsCalculator}) at event-time steps of
 * {@code experiments.emit-every}.
 *
 * <p><b>How read-outs are timed.</b> A delta with event time t belongs to the read-out at the next multiple of
 * emit-every at or after t (at most the experiment's final time); it waits in state until the watermark passes that
 * read-out time, and then the read-out is written with {@code dataUntil} = that time: it counts exactly the inputs with
 * event time up to it, whenever they arrived. Read-outs are written only for steps that have data. The final read-out
 * ({@code ended = true}) is written when the watermark passes the experiment's end plus the attribution window
 * ({@code join.window}, for the rewards of the last exposures), or, for an experiment the file marks stopped, when
 * the job starts with that file. Data of an experiment after its final read-out are dropped (counted). A delta that
 * comes after the watermark passed it (from late input) is added at once and shows in the next read-out.
 *
 * <p>State (RocksDB): per cell the totals and the deltas waiting for their read-out, and the {@link ResultsProgress}.
 * Timers: one per read-out time with data, the final one, and (processing time) the final read-out of a stopped
 * experiment.
 */
public final class ExperimentResultsOperator extends AbstractStreamOperator<KeyedBytes>
        implements OneInputStreamOperator<StatsDelta, KeyedBytes>, Triggerable<String, VoidNamespace> {

    private final ExperimentsSettings settings;

    private transient ResultsCalculator calculator;
    private transient MapState<String, CellStats> totals;
    private transient MapState<String, CellStats> waiting;
    private transient ValueState<ResultsProgress> progress;
    private transient InternalTimerService<VoidNamespace> timers;
    /** Timers registered since this task started (a cache: registering one again is harmless). */
    private transient Set<String> registered;
    private transient Counter dropped;
    private transient Counter late;

    public ExperimentResultsOperator(ExperimentsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        calculator = ResultsCalculator.defaults();
        totals = getRuntimeContext().getMapState(new MapStateDescriptor<>("totals", Types.STRING,
                TypeInformation.of(CellStats.class)));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting", Types.STRING,
                TypeInformation.of(CellStats.class)));
        progress = getRuntimeContext().getState(new ValueStateDescriptor<>("progress",
                TypeInformation.of(ResultsProgress.class)));
        timers = getInternalTimerService("experiments-results", VoidNamespaceSerializer.INSTANCE, this);
        registered = new HashSet<>();
        var metrics = getRuntimeContext().getMetricGroup().addGroup("experiments");
        dropped = metrics.counter("droppedDeltas");
        late = metrics.counter("lateDeltas");
        finishStoppedExperiments();
    }

    /** A stopped experiment this task holds that has no final read-out yet gets one now (processing time). */
    private void finishStoppedExperiments() throws Exception {
        var task = getRuntimeContext().getTaskInfo();
        KeyGroupRange mine = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
        for (ExperimentPlan plan : settings.experiments().values()) {
            if (!plan.stopped()) continue;
            if (!mine.contains(KeyGroupRangeAssignment.assignToKeyGroup(plan.id(), task.getMaxNumberOfParallelSubtasks()))) {
                continue;
            }
            setCurrentKey(plan.id());
            ResultsProgress p = progress.value();
            if (p != null && !p.ended) {
                timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, getProcessingTimeService().getCurrentProcessingTime());
            }
        }
    }

    @Override
    public void processElement(StreamRecord<StatsDelta> record) throws Exception {
        StatsDelta d = record.getValue();
        ExperimentPlan plan = settings.experiment(d.experimentId);
        long time = record.getTimestamp();
        ResultsProgress p = progress.value();
        if (plan == null || plan.stopped() || (p != null && p.ended) || time > plan.finalAt()) {
            dropped.inc();
            return;
        }
        if (p == null) p = new ResultsProgress();
        long watermark = timers.currentWatermark();
        long look;
        if (time <= watermark) {
            late.inc();
            add(totals, d.cell(), d.stats);
            look = settings.readOutAt(plan, watermark == Long.MAX_VALUE ? watermark : watermark + 1);
        } else {
            look = settings.readOutAt(plan, time);
            add(waiting, look + "|" + d.cell(), d.stats);
        }
        register(d.experimentId, look);
        if (plan.finalAt() != Long.MAX_VALUE) register(d.experimentId, plan.finalAt());
        if (look > p.lastData) {
            p.lastData = look;
            progress.update(p);
        }
    }

    private void register(String experiment, long time) {
        if (registered.add(experiment + "|" + time)) timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
    }

    private static void add(MapState<String, CellStats> state, String key, CellStats delta) throws Exception {
        CellStats s = state.get(key);
        state.put(key, s == null ? delta.copy() : s.add(delta, 1));
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String id = timer.getKey();
        long time = timer.getTimestamp();
        registered.remove(id + "|" + time);
        ExperimentPlan plan = settings.experiment(id);
        ResultsProgress p = progress.value();
        if (plan == null || plan.stopped() || p == null || p.ended) return;
        foldWaiting(time);
        look(plan, p, time, time >= plan.finalAt());
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        ExperimentPlan plan = settings.experiment(timer.getKey());
        ResultsProgress p = progress.value();
        if (plan == null || !plan.stopped() || p == null || p.ended) return;
        foldWaiting(Long.MAX_VALUE);
        look(plan, p, Math.max(p.lastLook, p.lastData), true);
    }

    /** Moves the deltas of read-outs up to {@code time} into the totals. */
    private void foldWaiting(long time) throws Exception {
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, CellStats> e : waiting.entries()) {
            String key = e.getKey();
            int bar = key.indexOf('|');
            if (Long.parseLong(key.substring(0, bar)) <= time) {
                add(totals, key.substring(bar + 1), e.getValue());
                done.add(key);
            }
        }
        for (String key : done) waiting.remove(key);
    }

    private void look(ExperimentPlan plan, ResultsProgress p, long dataUntil, boolean last) throws Exception {
        Map<String, CellStats> cells = new HashMap<>();
        for (Map.Entry<String, CellStats> e : totals.entries()) cells.put(e.getKey(), e.getValue());
        Instant now = Instant.ofEpochMilli(getProcessingTimeService().getCurrentProcessingTime());
        ResultsCalculator.Look look = calculator.calculate(plan, cells, LookMemory.fromJson(p.memory),
                Instant.ofEpochMilli(dataUntil), now, last);
        ExperimentResults results = look.results();
        output.collect(new StreamRecord<>(new KeyedBytes(plan.id(), EventJson.write(results)), dataUntil));
        p.lastLook = dataUntil;
        p.memory = look.memory().toJson();
        if (last) {
            p.ended = true;
            waiting.clear();
        }
        progress.update(p);
    }
}
