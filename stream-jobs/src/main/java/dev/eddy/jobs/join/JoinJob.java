package dev.eddy.jobs.join;

import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.config.EddyConfig;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The decision–reward join: {@code eddy.decisions} + {@code eddy.rewards} → {@code eddy.examples}, with every
 * unusable record in {@code eddy.dead-letters}. The job is built on the {@link Inputs} and {@link Outputs} it is
 * given: {@code JoinKafka} (runtime) makes the production ones from the configuration, tests may pass others.
 */
public final class JoinJob {
    public static final String NAME = "eddy-join";

    private static final OutputTag<KeyedBytes> PARSE_FAILURES =
            new OutputTag<>("parse-failures", org.apache.flink.api.common.typeinfo.TypeInformation.of(KeyedBytes.class));

    private JoinJob() {}

    /**
     * What the join reads: decisions and rewards from one source, as {@link JoinInput}s (parsed and validated; a
     * record that failed is a dead letter, as {@link JoinInputDeserializer} makes them). One source, because its
     * uid ({@code join-source}) holds the read positions of both in checkpoints. The job assigns event time and
     * watermarks itself.
     */
    public record Inputs(Source<JoinInput, ?, ?> decisionsAndRewards) {}

    /** Where the join writes: one example per decision (keyed by eventId), and every unusable record. */
    public record Outputs(Sink<KeyedBytes> examples, Sink<KeyedBytes> deadLetters) {}

    /** Creates the topics the job reads and writes if they are missing. */
    public static void ensureTopics(EddyConfig c) {
        EddyTopics t = KafkaKeys.topics(c);
        try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.from(c))) {
            admin.ensure(t.specs(c.get(KafkaKeys.TOPIC_PARTITIONS), c.get(KafkaKeys.TOPIC_REPLICATION).shortValue()));
        }
    }

    /** Adds the join to {@code env}, reading {@code inputs} and writing {@code outputs}. */
    public static void build(StreamExecutionEnvironment env, EddyConfig c, Inputs inputs, Outputs outputs) {
        JoinSettings settings = JoinSettings.from(c);
        // Chained operators hand records on without a defensive copy. Safe here: no function of this job keeps a
        // reference to an input record after processing it or changes one it has emitted (the joiner copies what
        // it keeps into serialized state, the sinks serialize at once). Saves a deep copy of every record
        // (source -> split, join -> sink), byte arrays included.
        env.getConfig().enableObjectReuse();
        WatermarkStrategy<JoinInput> watermarks = WatermarkStrategy
                .<JoinInput>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                .withTimestampAssigner((in, kafkaTs) -> in.eventTime)
                .withIdleness(settings.idleness());

        DataStream<JoinInput> records = env.fromSource(inputs.decisionsAndRewards(), watermarks, "decisions+rewards")
                .uid("join-source");

        SingleOutputStreamOperator<JoinInput> valid = records
                .process(new SplitDeadLetters()).name("split-invalid").uid("join-split");

        SingleOutputStreamOperator<KeyedBytes> examples = valid
                .keyBy(in -> in.eventId, org.apache.flink.api.common.typeinfo.Types.STRING)
                .process(new DecisionRewardJoiner(settings)).name("join").uid("join-state");

        examples.sinkTo(outputs.examples())
                .name("examples-sink").uid("join-examples-sink");
        valid.getSideOutput(PARSE_FAILURES)
                .union(examples.getSideOutput(DecisionRewardJoiner.DEAD_LETTERS))
                .sinkTo(outputs.deadLetters())
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
