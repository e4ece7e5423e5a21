package dev.eddy.tools.cluster;

import dev.eddy.events.kafka.EddyTopics;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code eddy cluster-demo}: the local cluster under client traffic through both serving replicas, and four faults
 * in order — a TaskManager killed (and replaced), the Kafka broker leading the most partitions killed (and restarted
 * 30 s later), join and learner stopped with a savepoint and resumed at parallelism 3, a serving process killed —
 * then the checks: exactly one example per logged decision, gap-free model versions, every client request answered,
 * and the decisions the killed serving process answered but never logged.
 */
public final class ClusterDemo {

    /** How to run. */
    public record Settings(Path dir, Path jar, double rate, Duration warmUp, Duration settle, Duration brokerDown, boolean keep,
                           List<String> servingSets) {}

    /** What a run measured. */
    public record Report(Map<String, Double> recoverySeconds, ExactlyOnceResult exactlyOnce, boolean versionsHold,
                         List<String> versionLines, ClusterTraffic.Counts clients, long undelivered, long killedAnswered) {
        public boolean passed() {
            return exactlyOnce.holds() && versionsHold && clients.unanswered() == 0
                    && recoverySeconds.size() == FAULTS.size();
        }
    }

    /** The exactly-once figures (public for the integration test). */
    public record ExactlyOnceResult(long decisions, long examples, long missing, long duplicate, long unknown, String line) {
        public boolean holds() {
            return missing == 0 && duplicate == 0 && unknown == 0 && decisions > 0;
        }
    }

    public static final List<String> FAULTS = List.of("taskmanager-kill", "broker-kill", "rescale", "serving-kill");
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(4);
    private static final int KILLED_SERVING = 2;

    private ClusterDemo() {}

    public static Report run(Settings s, PrintStream out) throws Exception {
        LocalCluster cluster = LocalCluster.start(s.dir(), s.jar(), s.servingSets(), out);
        try {
            return drive(cluster, s, out);
        } finally {
            if (!s.keep()) {
                out.println("stopping the cluster (its folder " + s.dir() + " keeps the logs)");
                cluster.stop(out);
            }
        }
    }

    static Report drive(LocalCluster cluster, Settings s, PrintStream out) throws Exception {
        ClusterLayout layout = cluster.layout();
        EddyTopics topics = EddyTopics.DEFAULT;
        Map<String, Double> recovery = new LinkedHashMap<>();
        try (ExamplesWatch watch = new ExamplesWatch(layout.bootstrap(), topics.examples());
             ClusterTraffic traffic = new ClusterTraffic(List.of(layout.servingUrl(1), layout.servingUrl(2)))) {
            out.printf("traffic: %.0f rank requests/s alternating between %s and %s (a failed request is retried on the "
                    + "other replica), clicks as rewards and events%n", s.rate(), layout.servingUrl(1), layout.servingUrl(2));
            traffic.start(s.rate());
            long t0 = System.currentTimeMillis();
            out.printf("warm-up: first committed example after %.1f s%n", watch.awaitRecovery(t0, RECOVERY_TIMEOUT));
            Thread.sleep(s.warmUp().toMillis());

            // 1. A TaskManager dies (the one running the most tasks); a replacement starts at once. The jobs restart
            // from their last checkpoint.
            String victim = cluster.busiestTaskManager();
            long fault = System.currentTimeMillis();
            cluster.processes().kill(victim);
            out.println("fault: SIGKILL " + victim + " (the TaskManager running the most tasks); starting taskmanager-3");
            cluster.startTaskManagerAndWait(3, RECOVERY_TIMEOUT);
            out.printf("  taskmanager-3 registered %.1f s after the kill%n", (System.currentTimeMillis() - fault) / 1000.0);
            recovery.put("taskmanager-kill", recovered(out, "taskmanager-kill", watch, fault));
            cluster.awaitJobsRunning(LocalCluster.JOBS.stream().map(LocalCluster.ClusterJob::flinkName).toList(), RECOVERY_TIMEOUT);
            Thread.sleep(s.settle().toMillis());

            // 2. The broker leading the most partitions dies, and comes back 30 s later.
            Map<Integer, Integer> leaders = KafkaLeaders.count(layout.bootstrap());
            int node = KafkaLeaders.busiest(layout.bootstrap());
            fault = System.currentTimeMillis();
            cluster.processes().kill(LocalCluster.kafkaName(node));
            out.println("fault: SIGKILL kafka-" + node + " (partition leaders per node: " + leaders + ")");
            recovery.put("broker-kill", recovered(out, "broker-kill", watch, fault));
            long back = fault + s.brokerDown().toMillis() - System.currentTimeMillis();
            if (back > 0) Thread.sleep(back);
            cluster.startKafkaNode(node);
            cluster.awaitBrokers(ClusterLayout.BROKERS, RECOVERY_TIMEOUT);
            out.println("restarted kafka-" + node + " " + s.brokerDown().toSeconds() + " s after the kill; 3 of 3 brokers registered");
            Thread.sleep(s.settle().toMillis());

            // 3. Join and learner stop with a savepoint and resume from it at parallelism 3 (RocksDB state rescaled).
            fault = System.currentTimeMillis();
            List<String> resumed = new ArrayList<>();
            for (LocalCluster.ClusterJob job : List.of(LocalCluster.JOBS.get(0), LocalCluster.JOBS.get(1))) {
                String id = cluster.rest().running(job.flinkName()).orElseThrow().id();
                String savepoint = cluster.rest().stopWithSavepoint(id, layout.savepoints().toUri().toString(), RECOVERY_TIMEOUT);
                String next = cluster.submit(job, List.of("--set", "job.parallelism=3", "--set", "job.restore-from=" + savepoint), savepoint);
                resumed.add(job.flinkName() + " " + next + " from " + savepoint);
            }
            out.println("fault: stopped eddy-join and eddy-learn with savepoints, resumed at parallelism 3: " + resumed);
            recovery.put("rescale", recovered(out, "rescale", watch, fault));
            cluster.awaitJobsRunning(List.of("eddy-join", "eddy-learn"), RECOVERY_TIMEOUT);
            Thread.sleep(s.settle().toMillis());

            // 4. A serving process dies; clients go to the other replica.
            fault = System.currentTimeMillis();
            cluster.processes().kill(LocalCluster.servingName(KILLED_SERVING));
            out.println("fault: SIGKILL serving-" + KILLED_SERVING);
            recovery.put("serving-kill", recovered(out, "serving-kill", watch, fault));
            Thread.sleep(s.settle().toMillis());

            // The end: clicks stop, requests go on a little so that event time moves on and the last windows close.
            long cutoff = System.currentTimeMillis();
            traffic.stopClicks();
            Thread.sleep(10_000);
            traffic.stopSending();
            ClusterTraffic.Counts clients = traffic.counts();
            ExactlyOnce eo = ExactlyOnce.check(layout.bootstrap(), topics.decisions(), topics.examples(), cutoff, Duration.ofMinutes(2));
            ModelVersions versions = ModelVersions.read(layout.bootstrap(), topics.models());
            Set<String> logged = ExactlyOnce.decisionIds(layout.bootstrap(), topics.decisions());
            Set<String> killedAnswered = traffic.answeredBy(KILLED_SERVING);
            long undelivered = killedAnswered.stream().filter(id -> !logged.contains(id)).count();

            for (String f : FAULTS) out.printf("recovery %s: %.1f s%n", f, recovery.get(f));
            versions.lines().forEach(out::println);
            out.printf("clients: %d requests, %d answered (%d by the retry on the other replica), %d unanswered%n",
                    clients.requests(), clients.answered(), clients.answeredByRetry(), clients.unanswered());
            out.printf("undelivered: %d of the %d decisions serving-%d answered were never logged (%s)%n",
                    undelivered, killedAnswered.size(), KILLED_SERVING,
                    s.servingSets().isEmpty() ? "asynchronous log" : "serving " + String.join(", ", s.servingSets()));
            out.println(eo.line());
            return new Report(recovery, new ExactlyOnceResult(eo.decisions(), eo.examples(), eo.missing(), eo.duplicate(),
                    eo.unknown(), eo.line()), versions.holds(), versions.lines(), clients, undelivered, killedAnswered.size());
        }
    }

    private static double recovered(PrintStream out, String fault, ExamplesWatch watch, long at) throws InterruptedException {
        double seconds = watch.awaitRecovery(at, RECOVERY_TIMEOUT);
        out.printf("  %s: first committed example of a decision made after the fault %.1f s after it%n", fault, seconds);
        return seconds;
    }
}
