package dev.eddy.jobs.retrain;

import dev.eddy.connectors.kafka.EddyTopics;
import dev.eddy.jobs.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.KafkaIO;
import dev.eddy.jobs.runtime.PublishedVersions;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.List;

/**
 * The periodic retrain job: {@code eddy.interactions} → per-user bounded histories (keyed by user, RocksDB) → one
 * trainer per model (parallelism 1) that keeps the training window, retrains with DJL on a schedule without
 * blocking checkpoints, gates each new version on a held-out slice and publishes accepted versions to
 * {@code eddy.models} as deltas (and to the snapshot store); unusable records → {@code eddy.dead-letters}.
 */
public final class RetrainJob {
    public static final String NAME = "eddy-retrain";
    /** Consumer group (and transactional-id prefix) when the configuration names none for this job. */
    public static final String DEFAULT_GROUP = "eddy-retrain";

    private static final OutputTag<KeyedBytes> DEAD =
            new OutputTag<>("retrain-dead-letters", TypeInformation.of(KeyedBytes.class));

    private RetrainJob() {}

    public static void ensureTopics(EddyConfig c) {
        JoinJob.ensureTopics(c);
    }

    public static void build(StreamExecutionEnvironment env, EddyConfig c) {
        RetrainSettings settings = RetrainSettings.from(c);
        EddyTopics topics = EddyKeys.topics(c);
        // Scheduling runs in processing time; histories order by the interactions' own event time.
        DataStream<InteractionInput> inputs = env.fromSource(
                KafkaIO.source(c, List.of(topics.interactions()), c.get(EddyKeys.GROUP_ID), new InteractionDeserializer()),
                WatermarkStrategy.noWatermarks(), "interactions").uid("retrain-source");
        SingleOutputStreamOperator<InteractionInput> valid = inputs.process(new SplitDead())
                .name("split-invalid").uid("retrain-split");
        SingleOutputStreamOperator<HistoryUpdate> histories = valid
                .keyBy(in -> in.userId, Types.STRING)
                .process(new UserHistoryFunction(settings), TypeInformation.of(HistoryUpdate.class))
                .name("histories").uid("retrain-histories");
        String model = settings.model();
        SingleOutputStreamOperator<KeyedBytes> versions = histories
                .keyBy(h -> model, Types.STRING)
                .transform("trainer", TypeInformation.of(KeyedBytes.class), new RetrainOperator(settings, PublishedVersions.of(c)))
                .setParallelism(1).setMaxParallelism(1).uid("retrain-trainer");
        String txPrefix = c.get(EddyKeys.GROUP_ID);
        versions.sinkTo(KafkaIO.exactlyOnceSink(c, topics.models(), txPrefix + "-models"))
                .setParallelism(1).name("models-sink").uid("retrain-models-sink");
        valid.getSideOutput(DEAD).sinkTo(KafkaIO.exactlyOnceSink(c, topics.deadLetters(), txPrefix + "-dead-letters"))
                .name("dead-letters-sink").uid("retrain-dead-letters-sink");
    }

    /** Dead letters from parsing to their own output, interactions on. */
    static final class SplitDead extends ProcessFunction<InteractionInput, InteractionInput> {
        @Override
        public void processElement(InteractionInput in, Context ctx, Collector<InteractionInput> out) {
            if (in.dead) ctx.output(DEAD, new KeyedBytes(null, in.deadLetter));
            else out.collect(in);
        }
    }
}
