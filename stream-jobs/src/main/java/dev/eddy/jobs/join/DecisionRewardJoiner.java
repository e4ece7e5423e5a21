package dev.eddy.jobs.join;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.join.JoinState.HeldReward;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Joins each decision with its rewards in event time, keyed by eventId.
 *
 * <p>A decision's attribution window is [t, t + window]; when the watermark passes its end, one example goes out
 * with the aggregated rewards, or with the default reward and {@code rewardObserved=false}. Rewards that come
 * before their decision are held. Rewards whose decision never comes are dead-lettered once their own window has
 * passed. Nothing is dropped without being counted.
 *
 * <p>Two states. {@code join} holds what is pending (the decision, held rewards) with one event-time timer for its
 * window. Once the example went out, the eventId, its window end and its reward keys move to {@code join-joined},
 * which forgets them {@code dedupRetention} of wall-clock time after their last write (state TTL, removed by
 * RocksDB's compaction filter): meanwhile a redelivered decision or reward is dropped and a genuinely late reward is
 * told apart and sent to dead letters. Forgetting by TTL rather than by a second timer saves, per decision, a timer
 * registration, its firing, the read of the entry and its delete (issue #18). Checkpoints of earlier versions hold
 * joined entries in {@code join} with a cleanup timer; those are still honoured until their timers fire.
 */
public class DecisionRewardJoiner extends KeyedProcessFunction<String, JoinInput, KeyedBytes> {

    public static final OutputTag<KeyedBytes> DEAD_LETTERS =
            new OutputTag<>("join-dead-letters", TypeInformation.of(KeyedBytes.class));

    private final JoinSettings settings;
    private final long windowMs;

    private transient ValueState<byte[]> state;
    private transient ValueState<byte[]> joined;
    private transient Counter examplesObserved;
    private transient Counter examplesDefault;
    private transient Counter duplicateDecisions;
    private transient Counter duplicateRewards;
    private transient Counter lateRewards;
    private transient Counter orphanRewards;

    public DecisionRewardJoiner(JoinSettings settings) {
        this.settings = settings;
        this.windowMs = settings.window().toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("join", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        joined = getRuntimeContext().getState(joinedDescriptor(settings));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("join");
        examplesObserved = metrics.counter("examplesWithReward");
        examplesDefault = metrics.counter("examplesWithDefaultReward");
        duplicateDecisions = metrics.counter("duplicateDecisions");
        duplicateRewards = metrics.counter("duplicateRewards");
        lateRewards = metrics.counter("lateRewards");
        orphanRewards = metrics.counter("orphanRewards");
    }

    /** The state of joined eventIds: remembered for the dedup retention after the last write, in wall-clock time. */
    static ValueStateDescriptor<byte[]> joinedDescriptor(JoinSettings settings) {
        var d = new ValueStateDescriptor<>("join-joined", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        d.enableTimeToLive(StateTtlConfig.newBuilder(settings.dedupRetention())
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                // Files this state has not compacted for an hour are compacted anyway, so that what has expired in
                // them is gone from disk too; the state is small (an eventId and a few reward keys per decision).
                .cleanupInRocksdbCompactFilter(1000, Duration.ofHours(1))
                .build());
        return d;
    }

    @Override
    public void processElement(JoinInput in, Context ctx, Collector<KeyedBytes> out) throws Exception {
        byte[] pending = state.value();
        if (pending == null) {
            byte[] marker = joined.value();
            if (marker != null) {
                JoinState done = JoinState.fromBytes(marker);
                if (onJoined(in, done, ctx)) joined.update(done.toBytes());
                return;
            }
        }
        JoinState st = JoinState.fromBytes(pending);
        boolean changed;
        if (st.emitted) {
            changed = onJoined(in, st, ctx);      // joined entry of a checkpoint written before join-joined
        } else {
            changed = in.kind == JoinInput.DECISION ? onDecision(in, st, ctx) : onReward(in, st, ctx);
        }
        if (changed) state.update(st.toBytes());
    }

    /** A decision or reward for an eventId whose example already went out; true if {@code done} changed. */
    private boolean onJoined(JoinInput in, JoinState done, Context ctx) {
        if (in.kind == JoinInput.DECISION) {
            duplicateDecisions.inc();
            return false;
        }
        if (done.hasReward(in.rewardKey)) {
            duplicateRewards.inc();
            return false;
        }
        lateRewards.inc();
        deadLetter(ctx, "late reward: decision " + in.eventId + " was already joined (window closed at "
                + (done.decisionTime + windowMs) + ")", in.payload, in.topic, in.partition, in.offset);
        // Remember it, so that a redelivery of the same late reward is not dead-lettered twice.
        done.rewards.add(new HeldReward(in.rewardKey, in.eventTime, in.value, null, null, 0, 0));
        return true;
    }

    private boolean onDecision(JoinInput in, JoinState st, Context ctx) {
        if (st.decision != null) {
            duplicateDecisions.inc();
            return false;
        }
        st.decision = in.payload;
        st.decisionTime = in.eventTime;
        long windowEnd = in.eventTime + windowMs;
        for (Iterator<HeldReward> it = st.rewards.iterator(); it.hasNext(); ) {
            HeldReward r = it.next();
            if (r.time() > windowEnd) {
                lateRewards.inc();
                deadLetter(ctx, "late reward: event time " + r.time() + " is after the attribution window of decision "
                        + in.eventId + " closed at " + windowEnd, r.json(), r.topic(), r.partition(), r.offset());
                it.remove();
            }
        }
        // A decision whose window already passed (it came late) fires at the next watermark.
        ctx.timerService().registerEventTimeTimer(windowEnd);
        return true;
    }

    private boolean onReward(JoinInput in, JoinState st, Context ctx) {
        if (st.hasReward(in.rewardKey)) {
            duplicateRewards.inc();
            return false;
        }
        if (st.decision != null && in.eventTime > st.decisionTime + windowMs) {
            lateRewards.inc();
            deadLetter(ctx, "late reward: event time " + in.eventTime + " is after the attribution window of decision "
                    + in.eventId + " closed at " + (st.decisionTime + windowMs), in.payload, in.topic, in.partition,
                    in.offset);
            return false;
        }
        st.rewards.add(new HeldReward(in.rewardKey, in.eventTime, in.value, in.payload, in.topic, in.partition, in.offset));
        if (st.decision == null) ctx.timerService().registerEventTimeTimer(in.eventTime + windowMs);
        return true;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyedBytes> out) throws Exception {
        byte[] bytes = state.value();
        if (bytes == null) return;
        JoinState st = JoinState.fromBytes(bytes);
        if (st.emitted) {
            // Joined before join-joined existed: forgotten by its cleanup timer, as the version that wrote it did.
            if (timestamp >= st.cleanupAt) state.clear();
            return;
        }
        if (st.decision != null) {
            if (timestamp >= st.decisionTime + windowMs) {
                emit(st, ctx.getCurrentKey(), out);
                state.clear();
                joined.update(st.joinedEntry().toBytes());
            }
            return;
        }
        boolean changed = false;
        for (Iterator<HeldReward> it = st.rewards.iterator(); it.hasNext(); ) {
            HeldReward r = it.next();
            if (r.time() + windowMs <= timestamp) {
                orphanRewards.inc();
                deadLetter(ctx, "reward without decision: no decision " + ctx.getCurrentKey()
                        + " arrived within the attribution window", r.json(), r.topic(), r.partition(), r.offset());
                it.remove();
                changed = true;
            }
        }
        if (st.rewards.isEmpty()) {
            state.clear();
        } else if (changed) {
            state.update(st.toBytes());
        }
    }

    private void emit(JoinState st, String eventId, Collector<KeyedBytes> out) {
        List<HeldReward> rewards = st.rewards;
        boolean observed = !rewards.isEmpty();
        double reward = observed ? aggregate(rewards) : settings.defaultReward();
        List<byte[]> jsons = new ArrayList<>(rewards.size());
        for (HeldReward r : rewards) jsons.add(r.json());
        out.collect(new KeyedBytes(eventId, ExampleJson.write(st.decision, jsons, reward, observed,
                st.decisionTime + windowMs)));
        (observed ? examplesObserved : examplesDefault).inc();
    }

    private double aggregate(List<HeldReward> rewards) {
        return switch (settings.aggregation()) {
            case SUM -> rewards.stream().mapToDouble(HeldReward::value).sum();
            case MAX -> rewards.stream().mapToDouble(HeldReward::value).max().orElseThrow();
            case FIRST -> rewards.stream().min(Comparator.comparingLong(HeldReward::time)).orElseThrow().value();
        };
    }

    private void deadLetter(Context ctx, String reason, byte[] raw, String topic, int partition, long offset) {
        DeadLetter dl = DeadLetter.of(reason, "join", topic, partition, offset, raw);
        ctx.output(DEAD_LETTERS, new KeyedBytes(null, EventJson.write(dl)));
    }
}
