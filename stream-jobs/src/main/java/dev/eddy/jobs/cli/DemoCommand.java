package dev.eddy.jobs.cli;

import dev.eddy.connectors.kafka.EmbeddedKafka;
import dev.eddy.jobs.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.demo.DemoTraffic;
import dev.eddy.jobs.demo.LiveCounts;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.runtime.FlinkRuntime;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The embedded default: broker + MiniCluster join + generated traffic, with live counts. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker and a Flink MiniCluster running the join job, feed it generated "
                + "traffic and print live counts until Ctrl-C or --duration, then a summary.")
final class DemoCommand implements Callable<Integer> {

    /** Short, so that examples show up within seconds (exactly-once output is visible at each checkpoint). */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "stop after this long, e.g. 45s or 2m (default: run until Ctrl-C)")
    Duration duration;

    @Option(names = "--rate", defaultValue = "200", description = "decisions per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--window", defaultValue = "5s", converter = DurationConverter.class,
            description = "attribution window of the join (default: ${DEFAULT-VALUE})")
    Duration window;

    @Option(names = "--every", defaultValue = "2s", converter = DurationConverter.class,
            description = "how often to print live counts (default: ${DEFAULT-VALUE})")
    Duration every;

    @Option(names = "--seed", defaultValue = "7", description = "seed of the traffic generator (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!(rate > 0 && rate <= 50_000)) throw new IllegalArgumentException("--rate must be in (0, 50000]");
        Path work = Files.createTempDirectory("eddy-demo-");
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "eddy-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Starting embedded Kafka and a Flink MiniCluster (RocksDB state in " + work + ") ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), false)) {
            EddyConfig c = EddyConfig.of(Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "checkpoint.dir", work.resolve("checkpoints").toUri().toString(),
                    "checkpoint.interval", CHECKPOINT_INTERVAL.toMillis() + "ms",
                    "join.window", window.toMillis() + "ms",
                    "join.max-out-of-orderness", "1s",
                    "join.idleness", "5s",
                    "join.dedup-retention", "1m"), EddyKeys.all());
            JoinJob.ensureTopics(c);
            var env = FlinkRuntime.environment(c, FlinkRuntime.Target.LOCAL);
            JoinJob.build(env, c);
            JobClient job = env.executeAsync(JoinJob.NAME);
            var topics = EddyKeys.topics(c);
            DemoTraffic traffic = new DemoTraffic(kafka.bootstrapServers(), topics.decisions(), topics.rewards(), rate,
                    window, seed);
            LiveCounts counts = new LiveCounts(kafka.bootstrapServers(), topics.examples(), topics.deadLetters());
            Thread trafficThread = new Thread(traffic, "eddy-demo-traffic");
            Thread countsThread = new Thread(counts, "eddy-demo-counts");
            trafficThread.start();
            countsThread.start();
            System.out.printf("Kafka at %s; join job %s running; %.0f decisions/s, attribution window %s.%n",
                    kafka.bootstrapServers(), job.getJobID(), rate, dev.eddy.jobs.config.Durations.format(window));
            System.out.println(duration == null ? "Ctrl-C stops." : "Running for " + dev.eddy.jobs.config.Durations.format(duration) + ".");
            long start = System.nanoTime();
            long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
            while (System.nanoTime() < end && !stop.await(Math.min(every.toNanos(), Math.max(1, end - System.nanoTime())),
                    TimeUnit.NANOSECONDS)) {
                printLine(start, traffic.counts(), counts.snapshot());
            }
            traffic.stop();
            trafficThread.join(10_000);
            double trafficSeconds = (System.nanoTime() - start) / 1e9;
            // One checkpoint interval and a margin, so that what was already joined is committed and counted.
            Thread.sleep(CHECKPOINT_INTERVAL.toMillis() + 1000);
            counts.stop();
            countsThread.join(5_000);
            printSummary(trafficSeconds, traffic.counts(), counts.snapshot());
            job.cancel().get(30, TimeUnit.SECONDS);
        } finally {
            deleteQuietly(work);
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is already running and waits for `done`.
            }
        }
        return 0;
    }

    private static void printLine(long start, DemoTraffic.Counts t, LiveCounts.Snapshot s) {
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("%6.0fs  decisions %,8d  rewards %,7d  examples %,8d (with reward %,6d, mean reward %.3f)  dead letters %,5d%n",
                secs, t.decisions(), t.rewards(), s.examples(), s.observed(),
                s.examples() == 0 ? 0.0 : s.rewardSum() / s.examples(), s.deadLetters());
    }

    private static void printSummary(double secs, DemoTraffic.Counts t, LiveCounts.Snapshot s) {
        System.out.println();
        System.out.printf("Summary after %.0f s%n", secs);
        System.out.printf("  decisions sent        %,10d  (%.0f/s; %,d of them malformed on purpose)%n", t.decisions(),
                t.decisions() / secs, t.malformed());
        System.out.printf("  rewards sent          %,10d  (+%,d redelivered copies, %,d sent after their window on purpose)%n",
                t.rewards(), t.duplicates(), t.late());
        System.out.printf("  joined examples       %,10d  (%,d with a reward, %,d with the default reward)%n",
                s.examples(), s.observed(), s.examples() - s.observed());
        System.out.printf("  mean reward           %10.4f  (click-through of the uniform logging policy)%n",
                s.examples() == 0 ? 0.0 : s.rewardSum() / s.examples());
        System.out.printf("  dead letters          %,10d%n", s.deadLetters());
        s.deadByReason().entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> System.out.printf("      %-40s %,6d%n", e.getKey(), e.getValue()));
        long pending = t.decisions() - t.malformed() - s.examples();
        System.out.printf("  still in their window %,10d  (decisions of the last seconds; the join emits them when the window closes)%n",
                Math.max(0, pending));
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory; the OS cleans up what is left.
        }
    }
}
