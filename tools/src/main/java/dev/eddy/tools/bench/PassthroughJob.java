package dev.eddy.tools.bench;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.join.JoinInput;
import dev.eddy.jobs.join.JoinSettings;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.JoinKafka;
import dev.eddy.jobs.runtime.KafkaIO;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The floor that {@code eddy bench join} compares the join with: the join's own source (decisions and rewards,
 * parsed and validated into {@link JoinInput}s, with the same watermarks) straight into the same kind of
 * exactly-once Kafka sink, one output record per input record, no keyBy and no state. What the join costs beyond
 * this is the shuffle, the keyed state and the example it builds.
 */
final class PassthroughJob {
    static final String NAME = "eddy-bench-passthrough";

    private PassthroughJob() {}

    static void build(StreamExecutionEnvironment env, EddyConfig c, String outputTopic) {
        JoinSettings settings = JoinSettings.from(c);
        env.getConfig().enableObjectReuse(); // as the join does
        WatermarkStrategy<JoinInput> watermarks = WatermarkStrategy
                .<JoinInput>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                .withTimestampAssigner((in, kafkaTs) -> in.eventTime)
                .withIdleness(settings.idleness());
        env.fromSource(JoinKafka.inputs(c).decisionsAndRewards(), watermarks, "decisions+rewards")
                .uid("passthrough-source")
                .map(in -> new KeyedBytes(in.eventId, in.payload), TypeInformation.of(KeyedBytes.class))
                .name("to-record").uid("passthrough-map")
                .sinkTo(KafkaIO.exactlyOnceSink(c, outputTopic, NAME)).name("passthrough-sink").uid("passthrough-sink");
    }
}
