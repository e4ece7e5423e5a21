package dev.eddy.jobs.retrain;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: keeps each user's bounded history ({@link UserHistory}) in RocksDB keyed state and sends it on to
 * the trainer whenever it changed. Runs at the job's parallelism; only the trainer is single.
 */
final class UserHistoryFunction extends KeyedProcessFunction<String, InteractionInput, HistoryUpdate> {
    private final int maxItems;
    private final long maxAgeMs;
    private transient ValueState<UserHistory> history;
    private transient Counter tooOld;

    UserHistoryFunction(RetrainSettings s) {
        this.maxItems = s.historyMaxItems();
        this.maxAgeMs = s.historyMaxAge().toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        history = getRuntimeContext().getState(new ValueStateDescriptor<>("history", TypeInformation.of(UserHistory.class)));
        tooOld = getRuntimeContext().getMetricGroup().addGroup("retrain").counter("interactionsTooOldOrRepeated");
    }

    @Override
    public void processElement(InteractionInput in, Context ctx, Collector<HistoryUpdate> out) throws Exception {
        UserHistory h = history.value();
        if (h == null) h = new UserHistory();
        UserHistory next = h.with(in.itemId, in.eventTime, maxItems, maxAgeMs);
        if (next == h) {
            tooOld.inc();
            return;
        }
        history.update(next);
        out.collect(new HistoryUpdate(in.userId, next.items, next.times[0], next.newest()));
    }
}
