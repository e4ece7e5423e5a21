package dev.eddy.jobs.learn;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.PublishedVersions;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.Set;

/**
 * The online learner: {@code eddy.examples} → one learner per model name → model versions in {@code eddy.models};
 * unusable records → {@code eddy.dead-letters}. Contextual-bandit models learn per example
 * ({@link OnlineLearnerOperator}); session models ({@code learner.session-models}) learn per finished session: their
 * examples are grouped by model and sessionId in event-time session windows and each session is one episode
 * ({@link SessionLearnerOperator}).
 *
 * <p>A model's learner sees its inputs in arrival order. Within one partition of {@code eddy.examples} that is the
 * partition's order; inputs of one model from several partitions (or, for sessions, from several window subtasks)
 * interleave as the network delivers them, so a run is reproducible update for update only with one partition (and,
 * for session models, parallelism 1). The tests do that.
 *
 * <p>The job is built on the {@link Inputs} and {@link Outputs} it is given: {@code LearnerKafka} (runtime) makes
 * the production ones from the configuration, tests may pass others.
 */
public final class LearnerJob {
    public static final String NAME = "eddy-learn";
    /** Consumer group (and transactional-id prefix) when the configuration names none for this job. */
    public static final String DEFAULT_GROUP = "eddy-learn";

    private static final OutputTag<KeyedBytes> PARSE_FAILURES =
            new OutputTag<>("learn-parse-failures", TypeInformation.of(KeyedBytes.class));
    private static final OutputTag<LearnerInput> SESSION_EXAMPLES =
            new OutputTag<>("learn-session-examples", TypeInformation.of(LearnerInput.class));
    private static final OutputTag<LearnerInput> LATE_SESSION_EXAMPLES =
            new OutputTag<>("learn-late-session-examples", TypeInformation.of(LearnerInput.class));

    private LearnerJob() {}

    /**
     * What the learner reads: joined examples as {@link LearnerRecord}s (parsed, validated, named by model and, for
     * per-example models, encoded; a record that failed is a dead letter, as {@link LearnerInputDeserializer} makes
     * them). The job assigns event time and watermarks itself.
     */
    public record Inputs(Source<LearnerRecord, ?, ?> examples) {}

    /**
     * Where the learner writes: model versions (blocks, then the manifest) and every unusable record.
     * {@code published} tells what is on the models output already: a model without state continues above its
     * highest version there.
     */
    public record Outputs(Sink<KeyedBytes> models, PublishedVersions published, Sink<KeyedBytes> deadLetters) {}

    /** Creates the topics the job reads and writes if they are missing. */
    public static void ensureTopics(EddyConfig c) {
        JoinJob.ensureTopics(c);
    }

    /** Adds the learner to {@code env}, reading {@code inputs} and writing {@code outputs}. */
    public static void build(StreamExecutionEnvironment env, EddyConfig c, Inputs inputs, Outputs outputs) {
        LearnerSettings settings = LearnerSettings.from(c);
        // Event time (the decision's) matters only to session windows; per-example learning and publishing run in
        // processing time.
        WatermarkStrategy<LearnerRecord> watermarks = WatermarkStrategy
                .<LearnerRecord>forBoundedOutOfOrderness(settings.sessions().outOfOrderness())
                .withTimestampAssigner((r, kafkaTs) -> r.input.eventTime)
                .withIdleness(settings.sessions().idleness());
        DataStream<LearnerRecord> examples = env.fromSource(inputs.examples(), watermarks, "examples").uid("learn-source");
        SingleOutputStreamOperator<LearnerRecord> valid = examples
                .process(new SplitInputs(Set.copyOf(settings.sessions().models().keySet())))
                .name("split-invalid").uid("learn-split");

        SingleOutputStreamOperator<KeyedBytes> models = valid
                .keyBy(r -> r.input.model, Types.STRING)
                .transform("learn", TypeInformation.of(KeyedBytes.class), new OnlineLearnerOperator(settings, outputs.published()))
                .uid("learn-state");
        DataStream<KeyedBytes> allModels = models;
        DataStream<KeyedBytes> deadLetters = valid.getSideOutput(PARSE_FAILURES)
                .union(models.getSideOutput(OnlineLearnerOperator.DEAD_LETTERS));

        if (!settings.sessions().models().isEmpty()) {
            SingleOutputStreamOperator<SessionExamples> sessions = valid.getSideOutput(SESSION_EXAMPLES)
                    .keyBy(in -> in.model + "\u0000" + in.sessionId, Types.STRING)
                    .window(EventTimeSessionWindows.withGap(settings.sessions().gap()))
                    .sideOutputLateData(LATE_SESSION_EXAMPLES)
                    .process(new EpisodeAssembler(), TypeInformation.of(SessionExamples.class))
                    .name("sessions").uid("learn-sessions");
            SingleOutputStreamOperator<KeyedBytes> sessionModels = sessions
                    .keyBy(s -> s.model, Types.STRING)
                    .transform("learn-sessions", TypeInformation.of(KeyedBytes.class), new SessionLearnerOperator(settings, outputs.published()))
                    .uid("learn-session-state");
            allModels = allModels.union(sessionModels);
            deadLetters = deadLetters
                    .union(sessionModels.getSideOutput(SessionLearnerOperator.DEAD_LETTERS))
                    .union(sessions.getSideOutput(LATE_SESSION_EXAMPLES).map(LearnerJob::late)
                            .returns(KeyedBytes.class).name("late-sessions").uid("learn-late-sessions"));
        }

        allModels.sinkTo(outputs.models())
                .name("models-sink").uid("learn-models-sink");
        deadLetters.sinkTo(outputs.deadLetters())
                .name("dead-letters-sink").uid("learn-dead-letters-sink");
    }

    private static KeyedBytes late(LearnerInput in) {
        DeadLetter dl = DeadLetter.of("late session example: session " + in.sessionId + " of model " + in.model
                + " was already learned when it came (raise learner.session-gap or learner.max-out-of-orderness)",
                "learn/session", in.topic, in.partition, in.offset, in.payload);
        return new KeyedBytes(null, EventJson.write(dl));
    }

    /**
     * Dead letters from parsing to their own output, examples of session models to theirs (a dead letter when they
     * have no sessionId), the rest on.
     */
    static final class SplitInputs extends ProcessFunction<LearnerRecord, LearnerRecord> {
        private final Set<String> sessionModels;

        SplitInputs(Set<String> sessionModels) {
            this.sessionModels = sessionModels;
        }

        @Override
        public void processElement(LearnerRecord r, Context ctx, Collector<LearnerRecord> out) {
            LearnerInput in = r.input;
            if (in.dead) {
                ctx.output(PARSE_FAILURES, new KeyedBytes(null, in.payload));
            } else if (!sessionModels.contains(in.model)) {
                out.collect(r);
            } else if (in.sessionId == null || in.sessionId.isBlank()) {
                DeadLetter dl = DeadLetter.of("model " + in.model + " learns per session, but the decision has no sessionId",
                        "learn/session", in.topic, in.partition, in.offset, in.payload);
                ctx.output(PARSE_FAILURES, new KeyedBytes(null, EventJson.write(dl)));
            } else {
                ctx.output(SESSION_EXAMPLES, in);
            }
        }
    }
}
