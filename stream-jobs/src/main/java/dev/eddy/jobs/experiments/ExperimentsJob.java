package dev.eddy.jobs.experiments;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.join.KeyedBytes;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The experiments job: {@code eddy.decisions} (exposures) + {@code eddy.examples} (rewards of joined decisions) +
 * {@code eddy.interactions} → read-outs of every experiment of the experiments file in {@code eddy.experiments}
 * (key: the experiment id); unusable records → {@code eddy.dead-letters}.
 *
 * <p>Two keyed stages: per user ({@link UserAggregator}: the user is the randomization unit; their variant, first
 * exposure, metric values, segments and CUPED covariate, emitted as retract-old / add-new deltas of sufficient
 * statistics), then per experiment ({@link ExperimentResultsOperator}: per (variant, metric, segment) the sums, and
 * a read-out by {@link ResultsCalculator} at event-time steps of {@code experiments.emit-every} and at the end).
 *
 * <p>The job is built on the {@link Inputs} and {@link Outputs} it is given: {@code ExperimentsKafka} (runtime) makes
 * the production ones from the configuration, tests may pass others.
 */
public final class ExperimentsJob {
    public static final String NAME = "eddy-experiments";
    /** Consumer group (and transactional-id prefix) when the configuration names none for this job. */
    public static final String DEFAULT_GROUP = "eddy-experiments";

    private static final OutputTag<KeyedBytes> PARSE_FAILURES =
            new OutputTag<>("experiments-parse-failures", TypeInformation.of(KeyedBytes.class));

    private ExperimentsJob() {}

    /**
     * What the job reads: decisions, examples and interactions from one source, as {@link ExperimentInput}s (parsed,
     * validated and reduced to what is counted, as {@link ExperimentInputDeserializer} makes them; a record that
     * failed is a dead letter). One source, so that its uid ({@code experiments-source}) holds the read positions of
     * all three in checkpoints. The job assigns event time and watermarks itself.
     */
    public record Inputs(Source<ExperimentInput, ?, ?> events) {}

    /** Where the job writes: read-outs (keyed by experiment id) and every unusable record. */
    public record Outputs(Sink<KeyedBytes> results, Sink<KeyedBytes> deadLetters) {}

    /** Creates the topics the job reads and writes if they are missing. */
    public static void ensureTopics(EddyConfig c) {
        JoinJob.ensureTopics(c);
    }

    /** Adds the job to {@code env}, reading {@code inputs} and writing {@code outputs}. */
    public static void build(StreamExecutionEnvironment env, EddyConfig c, Inputs inputs, Outputs outputs) {
        build(env, ExperimentsSettings.from(c), inputs, outputs);
    }

    /** The same with the settings already read (the source's deserializer needs them too). */
    public static void build(StreamExecutionEnvironment env, ExperimentsSettings settings, Inputs inputs,
                             Outputs outputs) {
        // Safe without defensive copies: waiting inputs and sums go to serialized state at once, and every operator
        // emits new objects.
        env.getConfig().enableObjectReuse();
        WatermarkStrategy<ExperimentInput> watermarks = WatermarkStrategy
                .<ExperimentInput>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                .withTimestampAssigner((in, kafkaTs) -> in.eventTime)
                .withIdleness(settings.idleness());
        DataStream<ExperimentInput> events = env.fromSource(inputs.events(), watermarks, "decisions+examples+interactions")
                .uid("experiments-source");
        SingleOutputStreamOperator<ExperimentInput> counted = events
                .process(new SplitInputs()).name("split-invalid").uid("experiments-split");
        SingleOutputStreamOperator<StatsDelta> deltas = counted
                .keyBy(in -> in.userId, Types.STRING)
                .transform("users", TypeInformation.of(StatsDelta.class), new UserAggregator(settings))
                .uid("experiments-users");
        SingleOutputStreamOperator<KeyedBytes> results = deltas
                .keyBy(d -> d.experimentId, Types.STRING)
                .transform("results", TypeInformation.of(KeyedBytes.class),
                        new ExperimentResultsOperator(settings))
                .uid("experiments-results");
        results.sinkTo(outputs.results()).name("results-sink").uid("experiments-results-sink");
        counted.getSideOutput(PARSE_FAILURES).sinkTo(outputs.deadLetters())
                .name("dead-letters-sink").uid("experiments-dead-letters-sink");
    }

    /** Routes dead letters to their own output and drops what is not counted. */
    static final class SplitInputs extends ProcessFunction<ExperimentInput, ExperimentInput> {
        @Override
        public void processElement(ExperimentInput in, Context ctx, Collector<ExperimentInput> out) {
            if (in.kind == ExperimentInput.DEAD) {
                ctx.output(PARSE_FAILURES, new KeyedBytes(null, in.payload));
            } else if (in.kind != ExperimentInput.IGNORED) {
                out.collect(in);
            }
        }
    }
}
