package dev.eddy.jobs.retrain;

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
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic retrain job: {@code eddy.interactions} → per-user bounded histories (keyed by user, RocksDB) → one
 * trainer per model (parallelism 1) that keeps the training window, retrains with DJL on a schedule without
 * blocking checkpoints, gates each new version on a held-out slice and publishes accepted versions to
 * {@code eddy.models} as deltas (and to the snapshot store); unusable records → {@code eddy.dead-letters}. The
 * trainer's second input is the control topic ({@code eddy.control}): rollback commands for its model, keyed by the
 * model name like the histories; commands for other models are left to the jobs that own them (logged, dropped).
 *
 * <p>The job is built on the {@link Inputs} and {@link Outputs} it is given: {@code RetrainKafka} (runtime) makes
 * the production ones from the configuration, tests may pass others.
 */
public final class RetrainJob {
    public static final String NAME = "eddy-retrain";
    /** Consumer group (and transactional-id prefix) when the configuration names none for this job. */
    public static final String DEFAULT_GROUP = "eddy-retrain";
    private static final Logger LOG = LoggerFactory.getLogger(RetrainJob.class);

    private static final OutputTag<KeyedBytes> DEAD =
            new OutputTag<>("retrain-dead-letters", TypeInformation.of(KeyedBytes.class));

    private RetrainJob() {}

    /**
     * What the retrain job reads: interactions and control commands, each parsed and validated in its source (a
     * record that failed is a dead letter, as {@link InteractionDeserializer} and {@link ControlDeserializer} make
     * them). Two sources with their own uids, so that each keeps its read positions in checkpoints.
     */
    public record Inputs(Source<InteractionInput, ?, ?> interactions, Source<ControlInput, ?, ?> control) {}

    /**
     * Where the retrain job writes: accepted versions (as deltas) and every unusable record. {@code published} tells
     * what is on the models output already: a trainer without state continues above its model's highest version.
     */
    public record Outputs(Sink<KeyedBytes> models, PublishedVersions published, Sink<KeyedBytes> deadLetters) {}

    public static void ensureTopics(EddyConfig c) {
        JoinJob.ensureTopics(c);
    }

    /** Adds the retrain job to {@code env}, reading {@code inputs} and writing {@code outputs}. */
    public static void build(StreamExecutionEnvironment env, EddyConfig c, Inputs inputs, Outputs outputs) {
        RetrainSettings settings = RetrainSettings.from(c);
        // Scheduling runs in processing time; histories order by the interactions' own event time.
        DataStream<InteractionInput> interactions = env.fromSource(inputs.interactions(),
                WatermarkStrategy.noWatermarks(), "interactions").uid("retrain-source");
        SingleOutputStreamOperator<InteractionInput> valid = interactions.process(new SplitDead())
                .name("split-invalid").uid("retrain-split");
        SingleOutputStreamOperator<HistoryUpdate> histories = valid
                .keyBy(in -> in.userId, Types.STRING)
                .process(new UserHistoryFunction(settings), TypeInformation.of(HistoryUpdate.class))
                .name("histories").uid("retrain-histories");
        String model = settings.model();
        // Commands: one partition, so one reader. A new source with its own uid: checkpoints taken before it existed
        // restore (the trainer keeps its uid), and it then starts at the group's committed offsets (or the earliest).
        SingleOutputStreamOperator<ControlInput> commands = env.fromSource(inputs.control(),
                        WatermarkStrategy.noWatermarks(), "control").uid("retrain-control-source").setParallelism(1)
                .process(new SplitControl(model)).name("split-control").uid("retrain-control-split").setParallelism(1);
        SingleOutputStreamOperator<KeyedBytes> versions = histories
                .keyBy(h -> model, Types.STRING)
                .connect(commands.keyBy(cmd -> cmd.model, Types.STRING))
                .transform("trainer", TypeInformation.of(KeyedBytes.class), new RetrainOperator(settings, outputs.published()))
                .setParallelism(1).setMaxParallelism(1).uid("retrain-trainer");
        versions.sinkTo(outputs.models())
                .setParallelism(1).name("models-sink").uid("retrain-models-sink");
        valid.getSideOutput(DEAD)
                .union(commands.getSideOutput(DEAD), versions.getSideOutput(RetrainOperator.DEAD_LETTERS))
                .sinkTo(outputs.deadLetters())
                .name("dead-letters-sink").uid("retrain-dead-letters-sink");
    }

    /**
     * Control commands: dead letters from parsing to their own output, this job's model's commands on, other models'
     * commands dropped with a log line: several retrain jobs may share the topic, and each would otherwise
     * dead-letter every command meant for the others.
     */
    static final class SplitControl extends ProcessFunction<ControlInput, ControlInput> {
        private final String model;

        SplitControl(String model) {
            this.model = model;
        }

        @Override
        public void processElement(ControlInput in, Context ctx, Collector<ControlInput> out) {
            if (in.dead) {
                ctx.output(DEAD, new KeyedBytes(null, in.deadLetter));
            } else if (!model.equals(in.model)) {
                LOG.info("control command {} for model {} at {} ignored: this job retrains {}", in.command, in.model,
                        in.where(), model);
            } else {
                out.collect(in);
            }
        }
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
