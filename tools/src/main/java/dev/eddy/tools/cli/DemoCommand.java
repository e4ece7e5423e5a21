package dev.eddy.tools.cli;

import dev.eddy.serving.cli.LogFile;
import dev.eddy.tools.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The embedded default: broker, the four jobs on a MiniCluster, serving over HTTP and simulated users, with live lines. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole loop on one machine: embedded Kafka, the join, learner, retrain and experiments jobs, "
                + "the serving HTTP API and simulated users in a three-variant experiment ('neucb', 'mf', 'uniform').",
                "Starts an embedded Kafka broker, a Flink MiniCluster running the join, online learner, retrain and "
                + "experiments jobs (one Flink job), and the serving HTTP API on a free port (dashboard at /dashboard), "
                + "and feeds it simulated users (latent tastes per item category, noisy clicks, delayed rewards, tastes "
                + "that drift) through POST /v1/rank, /v1/reward and /v1/events. Serving splits the users between the "
                + "variants of the demo experiment: 'neucb' (NeuFastCB learned online by the learner job), 'mf' (top-1 "
                + "by the MF model the retrain job keeps retraining) and 'uniform'.",
                "Prints live requests, reward, model version and p99 per variant and the experiments job's always-valid "
                + "lifts against 'uniform' until Ctrl-C or --duration, then a summary comparing the variants. Logs go "
                + "to a file whose path it prints."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "stop after this long, e.g. 45s or 2m (default: run until Ctrl-C)")
    Duration duration;

    @Option(names = "--rate", defaultValue = "150", description = "rank requests per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--window", defaultValue = "2s", converter = DurationConverter.class,
            description = "attribution window of the join (default: ${DEFAULT-VALUE})")
    Duration window;

    @Option(names = "--every", defaultValue = "2s", converter = DurationConverter.class,
            description = "how often to print live lines (default: ${DEFAULT-VALUE})")
    Duration every;

    // 60 s: the learned policy needs 20-25 s to learn, and as long again to recover after a drift, so a shorter
    // period would show it mostly recovering; the README's 45 s run shows the learning, longer runs the drifts.
    @Option(names = "--drift-every", defaultValue = "60s", converter = DurationConverter.class,
            description = "how often the users' tastes shift to another category (default: ${DEFAULT-VALUE})")
    Duration driftEvery;

    @Option(names = "--seed", defaultValue = "7", description = "seed of the simulated users (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--drift-guard", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "serving watches the bandit variant's reward rate and ranks uniformly after a fall until a "
                    + "model that learned from it arrives (serving.drift-guard; --no-drift-guard: off)")
    boolean driftGuard;

    @Override
    public Integer call() throws Exception {
        Demo.Settings settings = new Demo.Settings(duration, rate, window, every, driftEvery, seed, driftGuard);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C: the hook asks the demo to stop and waits for it to print its summary and shut down.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "eddy-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // The terminal keeps the live lines; Kafka's, Flink's and Eddy's own INFO lines go to the file.
        LogFile.path().ifPresent(p -> System.out.println("Logs: " + p));
        try {
            Demo.run(settings, System.out, stop);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is already running and waits for `done`.
            }
        }
        return 0;
    }
}
