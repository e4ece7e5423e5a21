package dev.eddy.tools.cli;

import dev.eddy.serving.cli.BrokerCheck;
import dev.eddy.serving.cli.CliFailure;
import dev.eddy.bandits.ope.Estimators;
import dev.eddy.bandits.ope.IntervalMethod;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.jobs.replay.LogFormat;
import dev.eddy.jobs.replay.NoDecisions;
import dev.eddy.jobs.replay.ReplayEvaluation;
import dev.eddy.jobs.replay.ReplayInput;
import dev.eddy.jobs.replay.ReplayJob;
import dev.eddy.jobs.replay.ReplayModels;
import dev.eddy.jobs.replay.ReplayPolicySpec;
import dev.eddy.jobs.replay.ReplayReport;
import dev.eddy.jobs.replay.ReplayResults;
import dev.eddy.jobs.replay.ReplaySettings;
import dev.eddy.jobs.replay.ReplaySources;
import dev.eddy.jobs.replay.ReplayedSample;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.apache.kafka.common.KafkaException;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import dev.eddy.events.kafka.KafkaClientProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/** {@code eddy replay}: off-policy evaluation of candidate policies on logged decisions. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay logged decisions (files, a Kafka topic, or a synthetic log) through candidate policies in a "
                + "bounded Flink batch job and estimate each policy's value off-policy (DM, IPS, SNIPS, DR, SNDR, "
                + "Switch-DR, DR-OS, and replay for uniform logs), overall and per position, with intervals. The "
                + "policies serving runs (serving:...) replay with the model versions on the models topic, ranked "
                + "by the same code as serving's, so a variant can be evaluated before it launches. Writes "
                + "report.html and results.json to --report and prints one line per policy and estimator last.")
final class ReplayCommand implements Callable<Integer> {
    private static final Duration MODELS_READ_TIMEOUT = Duration.ofMinutes(5);

    @Option(names = "--from", required = true, split = ",", paramLabel = "INPUT",
            description = "log file(s); kafka:TOPIC (joined examples, with --since/--until on record time); or "
                    + "synthetic:N (a generated log with known truth)")
    List<String> from = new ArrayList<>();

    @Option(names = "--format", defaultValue = "eddy", paramLabel = "FORMAT",
            description = "eddy (joined examples, JSON lines), dsjson (Vowpal Wabbit) or obd (Open Bandit CSV); "
                    + "default: ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--policy", required = true, paramLabel = "SPEC",
            description = "a candidate policy; repeatable: uniform, logging, popular, learner:NAME[:k=v,...], "
                    + "snapshot:FILE, logged:FILE, or a policy serving runs: serving:mf-topk:model=M, "
                    + "serving:epsilon-greedy:model=M[,epsilon=E] (default 0.1), serving:uniform, "
                    + "serving:neucb:model=B (a contextual-bandit model), serving:ftrl-session:model=S; each with "
                    + "[,version=N] (default: the newest version on the models topic, see --models-from)")
    List<String> policies = new ArrayList<>();

    @Option(names = "--estimator", paramLabel = "NAME", split = ",",
            description = "estimators to run (default: dm, ips, snips, dr, sndr, switch-dr, dr-os, plus replay on "
                    + "uniform logs); known: ${COMPLETION-CANDIDATES}", completionCandidates = EstimatorNames.class)
    List<String> estimators = new ArrayList<>();

    @Option(names = "--report", required = true, paramLabel = "DIR", description = "output folder, created if needed")
    Path report;

    @Option(names = "--since", paramLabel = "INSTANT", description = "with kafka:TOPIC, first record time (ISO-8601)")
    String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "with kafka:TOPIC, end of the range, exclusive (default: now)")
    String until;

    @Option(names = {"-b", "--bootstrap"}, defaultValue = "127.0.0.1:9092", paramLabel = "HOST:PORT",
            description = "Kafka to read kafka:TOPIC from, and the model versions of serving: policies unless "
                    + "--models-from names another (default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Mixin
    KafkaConfigOption kafkaConfig;

    @Option(names = "--models-from", paramLabel = "HOST:PORT",
            description = "Kafka whose models topic holds the versions serving: policies rank with, read once before "
                    + "the replay (up to the topic's end then; deltas assembled as serving assembles them) so that "
                    + "every shard uses the same version; needed even when --from is a file (default: "
                    + "--bootstrap)")
    String modelsFrom;

    @Option(names = "--models-topic", defaultValue = "eddy.models", paramLabel = "TOPIC",
            description = "the models topic (default: ${DEFAULT-VALUE})")
    String modelsTopic;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    // The learner job's default (learner.hashing-bits), so that a replayed learner is the one the job would run. At
    // 18 bits LinUCB's per-action covariance alone would need 2^36/actions doubles (5.5 GB for 10 actions).
    @Option(names = "--hashing-bits", defaultValue = "10",
            description = "feature hashing bits for learners, as the learner job's learner.hashing-bits (default: "
                    + "${DEFAULT-VALUE}); LinUCB's memory grows with the square of 2^bits")
    int hashingBits;

    @Option(names = "--cross", defaultValue = "user:item", split = ",", paramLabel = "A:B",
            description = "namespace crosses for learners (default: ${DEFAULT-VALUE})")
    List<String> crosses = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "seed of the policies, folds and bootstrap (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--synthetic-actions", defaultValue = "10", description = "actions of a synthetic log (default: ${DEFAULT-VALUE})")
    int syntheticActions;

    @Option(names = "--resamples", defaultValue = "1000", paramLabel = "B",
            description = "bootstrap resamples of the intervals (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--save-snapshots", description = "write each learner's final state to DIR/snapshots/, for snapshot:FILE")
    boolean saveSnapshots;

    @Option(names = "--no-progress", description = "do not show the progress bar")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    static final class EstimatorNames extends ArrayList<String> {
        EstimatorNames() {
            super(Estimators.NAMES);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReplayInput input;
        ReplaySettings settings;
        ReplayEvaluation evaluation;
        try {
            LogFormat logFormat = LogFormat.parse(format);
            List<String> inputs = shortTopicNames(from);
            KafkaClientProperties kafka = kafkaConfig.at(bootstrapServers);
            for (String f : inputs) {
                if (f.startsWith("kafka:")) BrokerCheck.require(kafka, f.substring("kafka:".length()));
            }
            input = ReplaySources.parse(inputs, logFormat, kafka, since, until, seed, syntheticActions);
            List<ReplayPolicySpec> specs = new ArrayList<>();
            for (String p : policies) specs.add(ReplayPolicySpec.parse(p));
            if (specs.stream().map(ReplayPolicySpec::text).distinct().count() < specs.size()) {
                throw new IllegalArgumentException("--policy names a policy twice: " + policies);
            }
            specs = readModels(specs, out);
            if (parallelism < 1) throw new IllegalArgumentException("--parallelism must be >= 1, was " + parallelism);
            if (resamples < 10) throw new IllegalArgumentException("--resamples must be >= 10, was " + resamples);
            for (String e : estimators) {
                if (!Estimators.NAMES.contains(e)) {
                    throw new IllegalArgumentException("--estimator '" + e + "' is unknown; known: " + Estimators.NAMES);
                }
            }
            settings = new ReplaySettings(specs, hashingBits, crosses, seed, parallelism, logFormat);
            ReplayEvaluation.Options d = ReplayEvaluation.Options.defaults();
            evaluation = new ReplayEvaluation(new ReplayEvaluation.Options(estimators, d.folds(), d.shrinkage(),
                    d.switchTau(), d.shrinkLambda(), IntervalMethod.bootstrap(resamples, 0.95, seed), seed));
        } catch (IllegalArgumentException | IllegalStateException | KafkaException | CliFailure e) {
            err.println("eddy replay: " + e.getMessage());
            err.flush();
            return 2;
        }

        out.println("replaying " + input.describe() + " through " + policies.size() + " policies");
        out.flush();
        Map<String, List<ReplayedSample>> byPolicy = new LinkedHashMap<>();
        for (ReplayPolicySpec s : settings.policies()) byPolicy.put(s.text(), new ArrayList<>());
        List<ReplayedSample> problems = new ArrayList<>();
        Map<String, String> snapshots = new LinkedHashMap<>();
        OptionalLong expected = input.expectedRecords();
        long t0 = System.nanoTime();
        try (ProgressBar bar = progress(expected.isPresent() ? expected.getAsLong() * policies.size() : -1)) {
            // Learners' final states are written straight to the report folder, never through the job's output.
            String snapshotDir = saveSnapshots ? report.resolve("snapshots").toAbsolutePath().toString() : null;
            ReplayJob.run(ReplayJob.localEnvironment(parallelism), input, settings, snapshotDir, s -> {
                if (s.isProblem()) {
                    problems.add(s);
                } else if (s.snapshot != null) {
                    snapshots.put(s.policy, s.snapshot);
                } else {
                    byPolicy.get(s.policy).add(s);
                    if (bar != null) bar.step();
                }
            });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (NoDecisions.none(byPolicy)) {
            err.println("eddy replay: " + NoDecisions.explain(input, problems));
            err.flush();
            return 3;
        }
        ReplayResults results = evaluation.evaluate(input.describe(), byPolicy, problems, seconds);
        ReplayReport.write(report, results);
        if (saveSnapshots) writeSnapshots(snapshots, out);
        out.printf(Locale.ROOT, "%d decisions x %d policies in %.1f s (%.0f events/s); %d records skipped%n",
                results.events(), policies.size(), seconds, results.eventsPerSecond(), results.problems());
        for (ReplayResults.ScopeValue v : results.loggedValue()) {
            out.printf(Locale.ROOT, "logging policy on-policy value (%s): %.5g over %d decisions%n",
                    v.position() < 0 ? "all positions" : "position " + (v.position() + 1), v.value(), v.samples());
        }
        out.println("wrote " + report.resolve(ReplayReport.HTML) + " and " + report.resolve(ReplayReport.JSON));
        for (String line : ReplayReport.summaryLines(results)) out.println(line);
        out.flush();
        return 0;
    }

    /** Attaches the model versions serving: specs rank with; says which, since "the newest" changes over time. */
    private List<ReplayPolicySpec> readModels(List<ReplayPolicySpec> specs, PrintWriter out) {
        if (!ReplayModels.needed(specs)) return specs;
        String from = modelsFrom != null ? modelsFrom : bootstrapServers;
        List<ReplayPolicySpec> resolved;
        KafkaClientProperties kafka = kafkaConfig.at(from);
        BrokerCheck.require(kafka, modelsTopic);
        try {
            resolved = ReplayModels.resolve(specs, kafka, modelsTopic, MODELS_READ_TIMEOUT);
        } catch (KafkaException e) {
            throw new IllegalStateException("cannot read " + modelsTopic + " from " + from + " (--models-from): "
                    + e.getMessage(), e);
        }
        for (ReplayPolicySpec s : resolved) {
            if (s.model() != null) out.println(s.text() + " ranks with " + s.model().model() + "/" + s.model().version());
        }
        return resolved;
    }

    private ProgressBar progress(long total) {
        if (noProgress) return null;
        return new ProgressBarBuilder().setTaskName("replay").setInitialMax(total).setUnit(" events", 1)
                .showSpeed().setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true))).build();
    }

    private static void writeSnapshots(Map<String, String> snapshots, PrintWriter out) {
        for (Map.Entry<String, String> e : snapshots.entrySet()) {
            out.println("saved " + e.getKey() + " to " + e.getValue() + " (replay it with --policy snapshot:" + e.getValue() + ")");
        }
    }

    /** {@code kafka:examples} reads eddy.examples, as {@code eddy consume examples} does. */
    private static List<String> shortTopicNames(List<String> from) {
        return from.stream().map(f -> f.startsWith("kafka:")
                ? "kafka:" + TopicNames.resolve(f.substring("kafka:".length()), EddyTopics.DEFAULT) : f).toList();
    }
}
