package dev.eddy.tools.cli;

import dev.eddy.bandits.experiment.AbSimulation;
import dev.eddy.bandits.experiment.AnalysisSettings;
import dev.eddy.bandits.experiment.AsymptoticConfidenceSequence;
import dev.eddy.bandits.experiment.SampleRatio;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code eddy ab-sim}: how often each A/B decision rule rejects under continuous monitoring, by simulation. */
@Command(name = "ab-sim", mixinStandardHelpOptions = true,
        description = {
                "Simulate N two-variant conversion experiments with a true relative lift (0: A/A) and look at them every "
                        + "K users with each decision rule of the experiment statistics (dev.eddy.bandits.experiment): "
                        + "naive-peeking (fixed-horizon Welch p < alpha at any look), msprt (always-valid mSPRT p < "
                        + "alpha), confidence-sequence (the asymptotic confidence sequence leaves 0), bayesian (chance "
                        + "to beat control > 1 - alpha or < alpha at any look: a common rule, NOT an error-controlling "
                        + "test) and srm (sequential sample-ratio test p < 0.001 against the configured 50/50 split).",
                "Prints one line per rule: NAME rejections=FRACTION mean-stop=USERS, the fraction of runs in which it "
                        + "rejected at some look (with lift 0 every rejection is a false positive; for srm with "
                        + "--treatment-share 0.5 every alarm is false) and the mean over runs of the users at the first "
                        + "rejecting look (all users when it never rejected)."})
final class AbSimCommand implements Callable<Integer> {

    @Option(names = "--runs", required = true, paramLabel = "N", description = "experiments to simulate")
    int runs;

    @Option(names = "--lift", required = true, paramLabel = "L",
            description = "true relative lift of treatment, e.g. 0.02 for +2 %%; 0 for an A/A test")
    double lift;

    @Option(names = "--base-rate", defaultValue = "0.10", paramLabel = "P",
            description = "control's conversion rate (default: ${DEFAULT-VALUE})")
    double baseRate;

    @Option(names = "--users", defaultValue = "20000", paramLabel = "U",
            description = "users per experiment, both arms together (default: ${DEFAULT-VALUE})")
    long users;

    @Option(names = "--peek-every", defaultValue = "100", paramLabel = "K",
            description = "users between looks; 1 looks after every user (default: ${DEFAULT-VALUE})")
    long peekEvery;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "seed of the whole simulation (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--alpha", defaultValue = "0.05", description = "error level of the tests (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--tuning", paramLabel = "N*", defaultValue = "" + AsymptoticConfidenceSequence.DEFAULT_TUNING,
            description = "users (both arms) where the confidence sequence is tightest, GrowthBook's "
                    + "sequentialTuningParameter (default: ${DEFAULT-VALUE})")
    double tuning;

    @Option(names = "--tau", defaultValue = "0.05",
            description = "mSPRT mixing standard deviation, as a lift (default: ${DEFAULT-VALUE})")
    double tau;

    @Option(names = "--treatment-share", defaultValue = "0.5", paramLabel = "Q",
            description = "true probability that a user lands in treatment; the configured split stays 50/50, so "
                    + "anything but 0.5 is a sample-ratio mismatch for srm to find (default: ${DEFAULT-VALUE})")
    double treatmentShare;

    @Option(names = "--no-progress", description = "do not show the progress bar")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AnalysisSettings settings = AnalysisSettings.defaults().withAlpha(alpha).withSequentialTuning(tuning)
                .withMsprtTau(tau);
        AbSimulation.Config config = new AbSimulation.Config(runs, lift, baseRate, users, peekEvery, seed,
                treatmentShare, settings);
        out.printf(Locale.ROOT, "%d runs, lift %s on base rate %s, %d users, a look every %d users (%d looks), "
                        + "treatment share %s, alpha %s, N* %s, tau %s, seed %d%n",
                runs, lift, baseRate, users, peekEvery, (users + peekEvery - 1) / peekEvery, treatmentShare, alpha,
                tuning, tau, seed);
        out.flush();
        long start = System.nanoTime();
        AbSimulation.Summary summary;
        try (ProgressBar bar = progressBar()) {
            summary = AbSimulation.run(config, done -> {
                if (bar != null) bar.stepTo(done);
            });
        }
        out.printf(Locale.ROOT, "srm chi-squared on the final counts (one look): %d of %d runs below %s; %.1f s%n",
                summary.chiSquaredAtEndAlarms(), runs, SampleRatio.ALERT_LEVEL,
                (System.nanoTime() - start) / 1e9);
        // The last lines, one per rule, so that scripts can take them with tail.
        for (AbSimulation.MethodSummary m : summary.methods()) {
            out.printf(Locale.ROOT, "%s rejections=%.4f mean-stop=%.0f%n", m.method(), m.rejectionRate(), m.meanStop());
        }
        out.flush();
        return 0;
    }

    private ProgressBar progressBar() {
        if (noProgress) return null;
        return new ProgressBarBuilder().setTaskName("ab-sim").setInitialMax(runs).setUnit(" runs", 1)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true))).build();
    }
}
