package dev.eddy.jobs.experiments;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Arrays;

/**
 * The experiments job's per-user stage (keyed by user id): holds each input until the watermark passes its event
 * time, then applies the inputs of a user in event-time order ({@link UserAggregation}) and emits how the user's
 * contribution to each cell changed. Event-time order makes what a read-out at time T counts a function of the inputs
 * up to T, so that a run restored from a checkpoint writes the same read-outs as one that was not interrupted. An
 * input that comes after the watermark passed it is applied at once (it shows in the next read-out).
 *
 * <p>State (RocksDB): the user ({@link UserState}) and the inputs waiting for the watermark. Timers: one per distinct
 * event time of waiting input, and cleanup timers (the lookback after an interaction; the final read-out of an
 * experiment the user is in) that drop what can no longer count and clear a user of whom nothing is left.
 */
public class UserAggregator extends KeyedProcessFunction<String, ExperimentInput, StatsDelta> {

    private static final long HOUR = 3_600_000L;

    private final ExperimentsSettings settings;

    private transient UserAggregation aggregation;
    private transient ValueState<UserState> user;
    private transient MapState<Long, ExperimentInput[]> waiting;
    private transient Counter late;

    public UserAggregator(ExperimentsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        aggregation = new UserAggregation(settings);
        user = getRuntimeContext().getState(new ValueStateDescriptor<>("user", TypeInformation.of(UserState.class)));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting", Types.LONG,
                TypeInformation.of(ExperimentInput[].class)));
        late = getRuntimeContext().getMetricGroup().addGroup("experiments").counter("lateInputs");
    }

    @Override
    public void processElement(ExperimentInput in, Context ctx, Collector<StatsDelta> out) throws Exception {
        long time = in.eventTime;
        if (time <= ctx.timerService().currentWatermark()) {
            late.inc();
            UserState state = stateOrNew();
            apply(state, in, ctx.timerService(), out);
            save(state, time);
            return;
        }
        ExperimentInput[] at = waiting.get(time);
        if (at == null) {
            waiting.put(time, new ExperimentInput[] {in});
            ctx.timerService().registerEventTimeTimer(time);
        } else {
            ExperimentInput[] more = Arrays.copyOf(at, at.length + 1);
            more[at.length] = in;
            waiting.put(time, more);
        }
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<StatsDelta> out) throws Exception {
        ExperimentInput[] due = waiting.get(time);
        UserState state = user.value();
        if (due == null && state == null) return;
        if (state == null) state = new UserState();
        if (due != null) {
            waiting.remove(time);
            for (ExperimentInput in : due) apply(state, in, ctx.timerService(), out);
        }
        save(state, time);
    }

    private void apply(UserState state, ExperimentInput in, TimerService timers,
                       Collector<StatsDelta> out) {
        for (StatsDelta d : aggregation.apply(state, in)) out.collect(d);
        if (in.kind == ExperimentInput.INTERACTION) {
            // Rounded to the hour: one cleanup timer per user and hour, not one per interaction.
            long forget = in.eventTime + settings.cupedLookback().toMillis();
            timers.registerEventTimeTimer(forget + Math.floorMod(-forget, HOUR));
        } else if (in.kind == ExperimentInput.DECISION) {
            ExperimentPlan plan = settings.experiment(in.experimentId);
            if (plan != null && plan.finalAt() != Long.MAX_VALUE) timers.registerEventTimeTimer(plan.finalAt());
        }
    }

    private UserState stateOrNew() throws Exception {
        UserState state = user.value();
        return state == null ? new UserState() : state;
    }

    private void save(UserState state, long now) throws Exception {
        if (aggregation.prune(state, now)) {
            user.clear();
        } else {
            user.update(state);
        }
    }
}
