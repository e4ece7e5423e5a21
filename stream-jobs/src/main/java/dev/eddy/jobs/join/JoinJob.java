package dev.eddy.jobs.join;

import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.runtime.KafkaIO;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.List;

/**
 * The decision–reward join: {@code eddy.decisions} + {@code eddy.rewards} → {@code eddy.examples}, with every
 * unusable record in {@code eddy.dead-letters}.
 */
public final class JoinJob {
    public static final String NAME = "eddy-join";

    private static final OutputTag<KeyedBytes> PARSE_FAILURES =
            new OutputTag<>("parse-failures", org.apache.flink.api.common.typeinfo.TypeInformation.of(KeyedBytes.class));

    private JoinJob() {}

    /** Creates the topics the job reads and writes if they are missing. */
    public static void ensureTopics(EddyConfig c) {
        EddyTopics t = KafkaKeys.topics(c);
        try (TopicAdmin admin = new TopicAdmin(c.get(KafkaKeys.BOOTSTRAP))) {
            admin.ensure(t.specs(c.get(KafkaKeys.TOPIC_PARTITIONS), c.get(KafkaKeys.TOPIC_REPLICATION).shortValue()));
        }
    }

    /** Adds the join to {@code env}. */
    public static void build(StreamExecutionEnvironment env, EddyConfig c) {
        JoinSettings settings = JoinSettings.from(c);
        // Chained operators hand records on without a defensive copy. Safe here: no function of this job keeps a
        // reference to an input record after processing it or changes one it has emitted (the joiner copies what
        // it keeps into serialized state, the sinks serialize at once). Saves a deep copy of every record
        // (source -> split, join -> sink), byte arrays included.
        env.getConfig().enableObjectReuse();
        EddyTopics topics = KafkaKeys.topics(c);
        WatermarkStrategy<JoinInput> watermarks = WatermarkStrategy
                .<JoinInput>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                .withTimestampAssigner((in, kafkaTs) -> in.eventTime)
                .withIdleness(settings.idleness());

        DataStream<JoinInput> inputs = env.fromSource(
                KafkaIO.source(c, List.of(topics.decisions(), topics.rewards()), c.get(KafkaKeys.GROUP_ID),
                        new JoinInputDeserializer(topics.decisions())),
                watermarks, "decisions+rewards").uid("join-source");

        SingleOutputStreamOperator<JoinInput> valid = inputs
                .process(new SplitDeadLetters()).name("split-invalid").uid("join-split");

        SingleOutputStreamOperator<KeyedBytes> examples = valid
                .keyBy(in -> in.eventId, org.apache.flink.api.common.typeinfo.Types.STRING)
                .process(new DecisionRewardJoiner(settings)).name("join").uid("join-state");

        // Transactional ids must not be shared by two jobs on one Kafka cluster, or each fences the other's
        // transactions; the consumer group already names this job instance.
        String txPrefix = c.get(KafkaKeys.GROUP_ID);
        examples.sinkTo(KafkaIO.exactlyOnceSink(c, topics.examples(), txPrefix + "-examples"))
                .name("examples-sink").uid("join-examples-sink");
        valid.getSideOutput(PARSE_FAILURES)
                .union(examples.getSideOutput(DecisionRewardJoiner.DEAD_LETTERS))
                .sinkTo(KafkaIO.exactlyOnceSink(c, topics.deadLetters(), txPrefix + "-dead-letters"))
                .name("dead-letters-sink").uid("join-dead-letters-sink");
    }

    /** Routes dead letters from parsing to their own output. */
    static final class SplitDeadLetters extends ProcessFunction<JoinInput, JoinInput> {
        @Override
        public void processElement(JoinInput in, Context ctx, Collector<JoinInput> out) {
            if (in.kind == JoinInput.DEAD) {
                ctx.output(PARSE_FAILURES, new KeyedBytes(null, in.payload));
            } else {
                out.collect(in);
            }
        }
    }
}
