package dev.eddy.jobs.learn;

import dev.eddy.connectors.kafka.EddyTopics;
import dev.eddy.jobs.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.KafkaIO;
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
 * The online learner: {@code eddy.examples} → one learner per model name, updated per example → model versions in
 * {@code eddy.models}; unusable records → {@code eddy.dead-letters}. See {@link OnlineLearnerOperator}.
 *
 * <p>A model's learner sees its examples in arrival order. Within one partition of {@code eddy.examples} that is the
 * partition's order; examples of one model spread over several partitions interleave as the network delivers them,
 * so a run is reproducible example for example only with one partition (the tests use one).
 */
public final class LearnerJob {
    public static final String NAME = "eddy-learn";
    /** Consumer group (and transactional-id prefix) when the configuration names none for this job. */
    public static final String DEFAULT_GROUP = "eddy-learn";

    private static final OutputTag<KeyedBytes> PARSE_FAILURES =
            new OutputTag<>("learn-parse-failures", TypeInformation.of(KeyedBytes.class));

    private LearnerJob() {}

    /** Creates the topics the job reads and writes if they are missing. */
    public static void ensureTopics(EddyConfig c) {
        JoinJob.ensureTopics(c);
    }

    public static void build(StreamExecutionEnvironment env, EddyConfig c) {
        LearnerSettings settings = LearnerSettings.from(c);
        EddyTopics topics = EddyKeys.topics(c);
        // Learning runs in processing time (publishing by a timer): no watermarks needed.
        DataStream<LearnerInput> inputs = env.fromSource(
                KafkaIO.source(c, List.of(topics.examples()), c.get(EddyKeys.GROUP_ID), new LearnerInputDeserializer()),
                WatermarkStrategy.noWatermarks(), "examples").uid("learn-source");
        SingleOutputStreamOperator<LearnerInput> valid = inputs
                .process(new SplitDeadLetters()).name("split-invalid").uid("learn-split");
        SingleOutputStreamOperator<KeyedBytes> models = valid
                .keyBy(in -> in.model, Types.STRING)
                .transform("learn", TypeInformation.of(KeyedBytes.class), new OnlineLearnerOperator(settings))
                .uid("learn-state");
        // Transactional ids must be unique per job on a Kafka cluster; the consumer group names this job.
        String txPrefix = c.get(EddyKeys.GROUP_ID);
        models.sinkTo(KafkaIO.exactlyOnceSink(c, topics.models(), txPrefix + "-models"))
                .name("models-sink").uid("learn-models-sink");
        valid.getSideOutput(PARSE_FAILURES)
                .union(models.getSideOutput(OnlineLearnerOperator.DEAD_LETTERS))
                .sinkTo(KafkaIO.exactlyOnceSink(c, topics.deadLetters(), txPrefix + "-dead-letters"))
                .name("dead-letters-sink").uid("learn-dead-letters-sink");
    }

    /** Routes dead letters from parsing to their own output. */
    static final class SplitDeadLetters extends ProcessFunction<LearnerInput, LearnerInput> {
        @Override
        public void processElement(LearnerInput in, Context ctx, Collector<LearnerInput> out) {
            if (in.dead) ctx.output(PARSE_FAILURES, new KeyedBytes(null, in.payload));
            else out.collect(in);
        }
    }
}
