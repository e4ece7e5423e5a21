package dev.eddy.tools.cli;

import dev.eddy.bandits.eval.UnknownPolicyException;
import dev.eddy.bandits.mdp.eval.MdpEvaluation;
import dev.eddy.bandits.mdp.eval.MdpResult;
import dev.eddy.bandits.mdp.eval.MdpSummary;
import dev.eddy.bandits.mdp.eval.SessionPolicies;
import dev.eddy.tools.banditeval.MdpRegretCsv;
import dev.eddy.tools.banditeval.RegretChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

/** {@code eddy mdp-eval}: session policies on the synthetic adversarial MDPs, regret against the best fixed policy. */
@Command(name = "mdp-eval", mixinStandardHelpOptions = true,
        description = "Run session policies on synthetic episodic environments with linear Q structure (stationary, "
                + "switching regimes, adaptive adversary) over several seeds; write regret.csv, summary.csv and one "
                + "log-log regret-<env>.png per environment to the output folder and print one summary line per "
                + "environment and policy.")
final class MdpEvalCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--env", required = true, paramLabel = "ENV",
            description = "stationary, switching or adaptive; repeatable")
    List<String> environments = new ArrayList<>();

    @Option(names = "--policy", required = true, paramLabel = "NAME", description = "a session policy to run; repeatable")
    List<String> policyNames = new ArrayList<>();

    @Option(names = "--param", paramLabel = "POLICY.KEY=VALUE",
            description = "a policy parameter, e.g. --param ftrl-logbarrier.eta=0.01; repeatable")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--episodes", required = true, paramLabel = "K", description = "episodes per run")
    int episodes;

    @Option(names = "--seeds", defaultValue = "5", paramLabel = "S", description = "runs per policy and environment (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--seed", defaultValue = "1", description = "the first seed; runs use seed, seed+1, ... (default: ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--horizon", defaultValue = "5", paramLabel = "H", description = "steps per episode (default: ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = "--actions", defaultValue = "10", paramLabel = "A", description = "actions per step (default: ${DEFAULT-VALUE})")
    int actions;

    @Option(names = "--dim", defaultValue = "16", paramLabel = "D", description = "feature dimension, at least 2 (default: ${DEFAULT-VALUE})")
    int dimension;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder, created if needed")
    Path out;

    @Spec
    CommandSpec spec;

    private final SessionPolicies policies;

    /** The command line's policies: the project's registered session learners. */
    MdpEvalCommand() {
        this(SessionPolicies.standard());
    }

    MdpEvalCommand(SessionPolicies policies) {
        this.policies = policies;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Map<String, String>> perPolicy;
        try {
            perPolicy = validate();
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage());
        }
        stdout.printf(Locale.ROOT, "H=%d A=%d d=%d, %d latent states per step; %d episodes x %d seeds%n",
                horizon, actions, dimension, MdpEvaluation.LATENT_STATES, episodes, seeds);
        stdout.flush();

        List<MdpSummary> summaries = new ArrayList<>();
        for (String env : environments) {
            for (String name : policyNames) {
                List<MdpResult> runs = new ArrayList<>();
                for (int s = 0; s < seeds; s++) {
                    MdpResult r;
                    try {
                        r = MdpEvaluation.run(policies, env, name, perPolicy.get(name), episodes, firstSeed + s,
                                horizon, actions, dimension);
                    } catch (IllegalArgumentException e) {
                        // A parameter value the factory rejects shows only when the policy is built.
                        return fail(err, e.getMessage());
                    }
                    stdout.printf(Locale.ROOT, "  %s %s seed=%d regret=%.1f slope=%.2f episodes/s=%.0f (%.2f s)%n",
                            env, name, r.seed(), r.regret(), r.slope(), r.episodesPerSecond(), r.wallSeconds());
                    stdout.flush();
                    runs.add(r);
                }
                summaries.add(MdpSummary.of(runs));
            }
        }

        Files.createDirectories(out);
        MdpRegretCsv.writeCurves(out.resolve("regret.csv"), summaries);
        MdpRegretCsv.writeSummary(out.resolve("summary.csv"), summaries);
        List<Path> charts = new ArrayList<>();
        for (String env : environments) {
            List<RegretChart.Line> lines = new ArrayList<>();
            for (MdpSummary s : summaries) {
                if (!s.environment().equals(env)) continue;
                int[] ks = MdpRegretCsv.sampledEpisodes(s.episodes());
                double[] x = new double[ks.length];
                double[] y = new double[ks.length];
                for (int i = 0; i < ks.length; i++) {
                    x[i] = ks[i];
                    y[i] = s.meanCurve()[ks[i] - 1];
                }
                lines.add(new RegretChart.Line(String.format(Locale.ROOT, "%s (slope %.2f)", s.policy(), s.meanSlope()), x, y));
            }
            Path chart = out.resolve("regret-" + env + ".png");
            RegretChart.writePng(chart, String.format(Locale.ROOT, "%s: H=%d A=%d d=%d, %d %s", env, horizon, actions,
                    dimension, seeds, seeds == 1 ? "seed" : "seeds"), "episodes K", "mean cumulative regret", lines, true);
            charts.add(chart);
        }
        stdout.println("wrote " + out.resolve("regret.csv") + ", " + out.resolve("summary.csv") + ", "
                + String.join(", ", charts.stream().map(Path::toString).toList()));
        // The last lines, one per environment and policy, so that scripts can take them with tail.
        for (MdpSummary s : summaries) stdout.println(s.line());
        stdout.flush();
        return 0;
    }

    private static int fail(PrintWriter err, String message) {
        err.println("eddy mdp-eval: " + message);
        err.flush();
        return 2;
    }

    /** Checks everything that needs no run; returns each policy's parameters. */
    private Map<String, Map<String, String>> validate() {
        if (episodes < 1) throw new IllegalArgumentException("--episodes must be >= 1, was " + episodes);
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, was " + seeds);
        if (horizon < 1) throw new IllegalArgumentException("--horizon must be >= 1, was " + horizon);
        if (actions < 1) throw new IllegalArgumentException("--actions must be >= 1, was " + actions);
        // One coordinate of every feature is the constant that centres the losses, so d = 1 leaves no direction.
        if (dimension < 2) throw new IllegalArgumentException("--dim must be >= 2, was " + dimension);
        if (new LinkedHashSet<>(environments).size() != environments.size()) {
            throw new IllegalArgumentException("an environment is named twice in " + environments);
        }
        for (String env : environments) {
            if (!MdpEvaluation.ENVIRONMENTS.contains(env)) {
                throw new IllegalArgumentException("unknown environment '" + env + "'; known environments: "
                        + String.join(", ", MdpEvaluation.ENVIRONMENTS));
            }
        }
        for (String name : policyNames) {
            if (!policies.contains(name)) throw new UnknownPolicyException("session policy", name, policies.names());
        }
        Map<String, Map<String, String>> perPolicy = PolicyParameters.perPolicy(policyNames, params, "ftrl-logbarrier.eta=0.01");
        return perPolicy;
    }
}
