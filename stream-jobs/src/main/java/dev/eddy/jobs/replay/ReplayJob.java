package dev.eddy.jobs.replay;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.util.function.Consumer;

/**
 * The replay as a bounded Flink job in batch execution: the logged records fan out to one lane per learning
 * policy (or several shards per fixed policy), Flink sorts each lane by key and event time, and
 * {@link ReplayOperator} runs the policies; the client collects what they made of each decision (learners' final
 * states go to files, never through the collect sink).
 */
public final class ReplayJob {
    private ReplayJob() {}

    /**
     * The job graph on {@code env}: input records in, replayed samples (and problems) out; with a
     * {@code snapshotDir} (a folder every task can write: local, or a shared file system) each learner's final
     * state is written there and its path comes out instead.
     */
    public static DataStream<ReplayedSample> build(StreamExecutionEnvironment env, ReplayInput input,
                                                   ReplaySettings settings, String snapshotDir) throws java.io.IOException {
        DataStream<ReplayRecord> records = input.stream(env);
        ReplaySettings s = settings;
        return records
                .flatMap((ReplayRecord r, org.apache.flink.util.Collector<KeyedReplayRecord> out) -> {
                    if (r.isProblem()) {
                        out.collect(new KeyedReplayRecord(KeyedReplayRecord.PROBLEMS, r));
                        return;
                    }
                    long hash = r.source.hashCode() * 1_000_003L + r.line;
                    for (int p = 0; p < s.policies().size(); p++) out.collect(new KeyedReplayRecord(s.lane(p, hash), r));
                })
                .returns(TypeInformation.of(KeyedReplayRecord.class))
                .name("fan out to policies")
                .keyBy(k -> k.lane, TypeInformation.of(Integer.class))
                .process(new ReplayOperator(settings, snapshotDir))
                .returns(TypeInformation.of(ReplayedSample.class))
                .name("replay policies");
    }

    /** A local batch environment: Flink in this JVM, no checkpoints (a batch job re-runs failed tasks instead). */
    public static StreamExecutionEnvironment localEnvironment(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** Runs the replay and hands every output record to {@code sink} as it arrives (on this thread); keeps no snapshots. */
    public static void run(StreamExecutionEnvironment env, ReplayInput input, ReplaySettings settings,
                           Consumer<ReplayedSample> sink) throws Exception {
        run(env, input, settings, null, sink);
    }

    /**
     * Runs the replay and hands every output record to {@code sink} as it arrives (on this thread); with a
     * {@code snapshotDir}, learners' final states are written there (see {@link #build}).
     */
    public static void run(StreamExecutionEnvironment env, ReplayInput input, ReplaySettings settings,
                           String snapshotDir, Consumer<ReplayedSample> sink) throws Exception {
        try (CloseableIterator<ReplayedSample> it = build(env, input, settings, snapshotDir)
                .executeAndCollect("eddy replay")) {
            while (it.hasNext()) sink.accept(it.next());
        }
    }
}
