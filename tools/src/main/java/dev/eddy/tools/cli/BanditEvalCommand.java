package dev.eddy.tools.cli;

import dev.eddy.bandits.eval.UnknownPolicyException;
import dev.eddy.bandits.eval.EvalResult;
import dev.eddy.bandits.eval.EvalSummary;
import dev.eddy.bandits.eval.Evaluation;
import dev.eddy.bandits.eval.Interactions;
import dev.eddy.bandits.eval.Policies;
import dev.eddy.bandits.eval.SupervisedToBandit;
import dev.eddy.events.readers.ClassificationDataset;
import dev.eddy.events.readers.ClassificationTsvReader;
import dev.eddy.tools.banditeval.RegretChart;
import dev.eddy.tools.banditeval.RegretCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code eddy bandit-eval}: contextual-bandit policies on the supervised-to-bandit conversion of a data set. */
@Command(name = "bandit-eval", mixinStandardHelpOptions = true,
        description = "Run policies on a classification data set turned into a contextual bandit (one arm per class, "
                + "reward 1 for the true class, features standardized, disjoint encoding with a constant per arm) over "
                + "several seeds; write "
                + "regret.csv, summary.csv and regret.png to the output folder and print one summary line per policy.")
final class BanditEvalCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "classification TSV (plain or .gz, header row, class in the last column 'target')")
    Path data;

    @Option(names = "--policy", required = true, paramLabel = "NAME", description = "a policy to run; repeatable")
    List<String> policyNames = new ArrayList<>();

    @Option(names = "--param", paramLabel = "POLICY.KEY=VALUE",
            description = "a policy parameter, e.g. --param neufastcb.lr=0.01; repeatable")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--rounds", paramLabel = "T", description = "rounds per run (default: the data set's size)")
    Integer rounds;

    @Option(names = "--seeds", defaultValue = "5", paramLabel = "S", description = "runs per policy (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--seed", defaultValue = "1", description = "the first seed; runs use seed, seed+1, ... (default: ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--every", paramLabel = "N",
            description = "write the regret curve every N rounds (default: about 1000 points per run)")
    Integer every;

    @Option(names = "--interactions", defaultValue = "none", paramLabel = "none|all-pairs",
            description = "feature interactions: all-pairs adds every product of two features (VW's -q ::), hashed "
                    + "with the features into 2^--interaction-bits coordinates per action (default: ${DEFAULT-VALUE})")
    String interactions;

    @Option(names = "--interaction-bits", defaultValue = "12", paramLabel = "B",
            description = "hashed coordinates per action with --interactions all-pairs, 2^B (default: ${DEFAULT-VALUE})")
    int interactionBits;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder, created if needed")
    Path out;

    @Spec
    CommandSpec spec;

    private final Policies policies;

    /** The command line's policies: the project's registered learners. */
    BanditEvalCommand() {
        this(Policies.standard());
    }

    BanditEvalCommand(Policies policies) {
        this.policies = policies;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Map<String, String>> perPolicy;
        Interactions features;
        try {
            perPolicy = validate();
            features = Interactions.parse(interactions, interactionBits);
        } catch (IllegalArgumentException e) {
            err.println("eddy bandit-eval: " + e.getMessage());
            err.flush();
            return 2;
        }

        ClassificationDataset dataset;
        try {
            dataset = ClassificationTsvReader.read(data);
        } catch (IOException e) {
            err.println("eddy bandit-eval: cannot read " + data + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        SupervisedToBandit problem = new SupervisedToBandit(dataset, features);
        int t = rounds == null ? problem.examples() : rounds;
        int step = every != null ? every : Math.max(1, t / 1000);
        stdout.printf(Locale.ROOT, "%s: %d examples, %d features%s, %d actions, joint dimension %d; %d rounds x %d seeds%n",
                dataset.name(), problem.examples(), problem.contextDimension(),
                features.allPairs() ? " and all pairs hashed to 2^" + features.bits() : "", problem.actions(),
                problem.dimension(), t, seeds);
        stdout.flush();

        List<EvalSummary> summaries = new ArrayList<>();
        for (String name : policyNames) {
            List<EvalResult> runs = new ArrayList<>();
            for (int s = 0; s < seeds; s++) {
                EvalResult r = Evaluation.run(problem, policies, name, perPolicy.get(name), t, firstSeed + s);
                stdout.printf(Locale.ROOT, "  %s seed=%d regret=%.1f reward=%.3f rounds/s=%.0f (%.2f s)%n",
                        name, r.seed(), r.regret(), r.averageReward(), r.roundsPerSecond(), r.wallSeconds());
                stdout.flush();
                runs.add(r);
            }
            summaries.add(EvalSummary.of(runs));
        }

        Files.createDirectories(out);
        RegretCsv.writeCurves(out.resolve("regret.csv"), summaries, step);
        RegretCsv.writeSummary(out.resolve("summary.csv"), summaries);
        RegretChart.writePng(out.resolve("regret.png"),
                dataset.name() + ": " + t + " rounds, " + seeds + (seeds == 1 ? " seed" : " seeds"), summaries);
        stdout.println("wrote " + out.resolve("regret.csv") + ", " + out.resolve("summary.csv") + ", "
                + out.resolve("regret.png"));
        // The last lines, one per policy, so that scripts can take them with tail.
        for (EvalSummary s : summaries) stdout.println(s.line());
        stdout.flush();
        return 0;
    }

    /** Checks everything that needs no data; returns each policy's parameters. */
    private Map<String, Map<String, String>> validate() {
        if (!Files.isRegularFile(data)) throw new IllegalArgumentException("data file not found: " + data);
        if (rounds != null && rounds < 1) throw new IllegalArgumentException("--rounds must be >= 1, was " + rounds);
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, was " + seeds);
        if (every != null && every < 1) throw new IllegalArgumentException("--every must be >= 1, was " + every);
        for (String name : policyNames) {
            if (!policies.contains(name)) throw new UnknownPolicyException("policy", name, policies.names());
        }
        Map<String, Map<String, String>> perPolicy = PolicyParameters.perPolicy(policyNames, params, "neufastcb.lr=0.01");
        return perPolicy;
    }
}
