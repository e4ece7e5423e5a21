package dev.eddy.tools.cluster;

import dev.eddy.events.kafka.KafkaClientProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.events.kafka.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The local multi-process cluster: 3 Kafka nodes, a Flink JobManager and 2 TaskManagers, 2 serving processes, each
 * its own JVM on 127.0.0.1, and Eddy's jobs submitted to Flink through its REST API as the cluster jar. Its state
 * (ports, pids, logs, Kafka data, checkpoints, savepoints) lives in one folder.
 */
public final class LocalCluster {

    /** One Eddy job: the command that builds it and the name Flink shows. */
    public record ClusterJob(String command, String flinkName) {}

    public static final List<ClusterJob> JOBS = List.of(new ClusterJob("join", "eddy-join"),
            new ClusterJob("learn", "eddy-learn"), new ClusterJob("retrain", "eddy-retrain"),
            new ClusterJob("experiments", "eddy-experiments"));
    /** The entry class the jobs jar is run with (deploy/ names the same: DeploymentFilesTest). */
    public static final String ENTRY_CLASS = SubmittedJob.class.getName();
    private static final int SUBMIT_ATTEMPTS = 3;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);

    private final ClusterLayout layout;
    private final Processes processes;
    private final FlinkProcesses flink;
    private final FlinkRest rest;
    private List<String> servingSets = List.of();

    public LocalCluster(ClusterLayout layout) {
        this.layout = layout;
        this.processes = new Processes(layout);
        this.flink = new FlinkProcesses(layout);
        this.rest = new FlinkRest(layout.restUrl());
    }

    public static LocalCluster open(Path dir) {
        return new LocalCluster(ClusterLayout.load(dir));
    }

    public ClusterLayout layout() {
        return layout;
    }

    public Processes processes() {
        return processes;
    }

    public FlinkRest rest() {
        return rest;
    }

    /** Starts everything in a fresh folder; on failure, stops what it started and rethrows. */
    public static LocalCluster start(Path dir, Path jar, PrintStream out) throws Exception {
        return start(dir, jar, List.of(), out);
    }

    /**
     * As {@link #start(Path, Path, PrintStream)}, with {@code servingSets} ({@code key=value}) overriding the config
     * of both serving processes, e.g. a logging mode to compare.
     */
    public static LocalCluster start(Path dir, Path jar, List<String> servingSets, PrintStream out) throws Exception {
        if (ClusterLayout.exists(dir)) {
            LocalCluster old = open(dir);
            if (old.processes.all().values().stream().anyMatch(Optional::isPresent)) {
                throw new IllegalStateException("a cluster is already running in " + dir + ": `eddy cluster stop --dir "
                        + dir + "` first");
            }
        }
        if (Files.isDirectory(dir) && !ClusterLayout.exists(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.findAny().isPresent()) {
                    throw new IllegalStateException(dir + " is not empty and holds no cluster: name an empty or new folder");
                }
            }
        }
        deleteRecursively(dir);
        ClusterLayout layout = ClusterLayout.allocate(dir);
        layout.save();
        LocalCluster cluster = new LocalCluster(layout);
        cluster.servingSets = List.copyOf(servingSets);
        try {
            cluster.startAll(jar, out);
            return cluster;
        } catch (Exception e) {
            out.println("start failed (" + e.getMessage() + "): stopping what was started; logs stay in " + layout.dir().resolve("logs"));
            cluster.stop(out);
            throw e;
        }
    }

    private void startAll(Path jar, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        ClusterConfig.write(layout);
        flink.writeConfig();
        out.println("cluster folder: " + layout.dir());
        for (int node = 1; node <= ClusterLayout.BROKERS; node++) startKafkaNode(node);
        // Flink and serving start while the Kafka quorum forms; the jobs and serving wait for the brokers anyway.
        processes.start(flink.jobManager());
        for (int n = 1; n <= 2; n++) processes.start(flink.taskManager(n));
        awaitBrokers(ClusterLayout.BROKERS, START_TIMEOUT);
        out.printf("kafka: 3 KRaft nodes (broker + controller) at %s%n", layout.bootstrap());
        try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.plaintext(layout.bootstrap()))) {
            admin.ensure(EddyTopics.DEFAULT.specs(ClusterConfig.PARTITIONS, (short) 3));
        }
        out.println("topics: " + String.join(", ", EddyTopics.DEFAULT.all()) + " (replication 3, min.insync.replicas 2)");
        for (int r = 1; r <= ClusterLayout.SERVING; r++) startServing(r);
        awaitFlink(START_TIMEOUT);
        out.printf("flink: JobManager and 2 TaskManagers (%d slots each, RocksDB state); web UI and REST at %s%n",
                FlinkProcesses.SLOTS, layout.restUrl());
        String jarId = uploadJar(jar);
        out.println("jobs jar " + jar.getFileName() + " uploaded (" + jarId + ")");
        for (ClusterJob job : JOBS) {
            String id = submit(job, List.of(), null);
            out.printf("submitted %-16s job %s%n", job.flinkName(), id);
        }
        awaitJobsRunning(JOBS.stream().map(ClusterJob::flinkName).toList(), START_TIMEOUT);
        for (int r = 1; r <= ClusterLayout.SERVING; r++) awaitServing(r, START_TIMEOUT);
        out.printf("serving: %s and %s%n", layout.servingUrl(1), layout.servingUrl(2));
        out.println("checkpoints: " + layout.checkpoints() + "  savepoints: " + layout.savepoints());
        out.println("logs:");
        for (String name : processes.all().keySet()) out.println("  " + name + ": " + layout.logs(name));
        out.printf("started in %.0f s; `eddy cluster status --dir %s` shows it, `eddy cluster stop --dir %s` stops it%n",
                (System.nanoTime() - t0) / 1e9, layout.dir(), layout.dir());
    }

    public void startKafkaNode(int node) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx384m", "-Xms128m",
                "-Dlog.file=" + layout.logs(kafkaName(node)).resolve(kafkaName(node) + ".log"),
                "-Dlog4j2.configurationFile=" + layout.flinkConf().resolve("log4j2.properties")));
        processes.start(new Processes.Spec(kafkaName(node), Classpaths.kafka(), jvm, KafkaNode.class.getName(),
                List.of(layout.dir().toString(), String.valueOf(node)), Map.of()));
    }

    public void startServing(int replica) throws IOException {
        String name = servingName(replica);
        List<String> jvm = List.of("-Xmx384m", "-Deddy.log.file=" + layout.logs(name).resolve(name + ".log"));
        List<String> args = new ArrayList<>(List.of("--config", layout.eddyProperties().toString(), "--set",
                "serving.port=" + layout.servingPorts()[replica - 1]));
        for (String set : servingSets) args.addAll(List.of("--set", set));
        processes.start(new Processes.Spec(name, Classpaths.serving(), jvm, "dev.eddy.serving.ServeCommand", args, Map.of()));
    }

    public void startTaskManager(int n) throws IOException {
        processes.start(flink.taskManager(n));
    }

    /**
     * Starts TaskManager {@code n} and waits until it is registered with the JobManager; starts it again when it died
     * on the way (a loaded machine can miss its start-up timeouts).
     */
    public void startTaskManagerAndWait(int n, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        String name = "taskmanager-" + n;
        startTaskManager(n);
        while (true) {
            if (rest.reachable() && registeredTaskManagers().contains(name)) return;
            if (System.nanoTime() > end) throw new IllegalStateException(name + " did not register within " + timeout.toSeconds() + " s");
            if (processes.find(name).isEmpty()) startTaskManager(n);
            Thread.sleep(1_000);
        }
    }

    /** The resource ids (here: process names) of the TaskManagers the JobManager has registered. */
    public List<String> registeredTaskManagers() throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        rest.taskManagers().forEach(tm -> out.add(tm.path("id").asText()));
        return out;
    }

    /** The registered TaskManager that runs the most tasks (the most slots in use). */
    public String busiestTaskManager() throws IOException, InterruptedException {
        String busiest = null;
        int most = -1;
        for (JsonNode tm : rest.taskManagers()) {
            int used = tm.path("slotsNumber").asInt() - tm.path("freeSlots").asInt();
            if (used > most) {
                most = used;
                busiest = tm.path("id").asText();
            }
        }
        if (busiest == null) throw new IllegalStateException("no TaskManager is registered");
        return busiest;
    }

    public static String kafkaName(int node) {
        return "kafka-" + node;
    }

    public static String servingName(int replica) {
        return "serving-" + replica;
    }

    String uploadJar(Path jar) throws IOException, InterruptedException {
        String id = rest.upload(jar);
        Files.writeString(layout.dir().resolve("jar-id"), id);
        return id;
    }

    /** Runs one job from the uploaded jar, with extra arguments (e.g. {@code --set job.parallelism=3}); its id. */
    public String submit(ClusterJob job, List<String> extra, String savepoint) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(job.command(), "--cluster", "--config", layout.eddyProperties().toString()));
        args.addAll(extra);
        String jarId = Files.readString(layout.dir().resolve("jar-id")).trim();
        for (int attempt = 1; ; attempt++) {
            long asked = System.currentTimeMillis();
            try {
                return rest.run(jarId, ENTRY_CLASS, args, savepoint);
            } catch (IOException e) {
                // The job's main() checks the brokers within 10 s, which a loaded machine can miss: try again, unless
                // the job was submitted after all.
                if (attempt == SUBMIT_ATTEMPTS) throw e;
                Thread.sleep(5_000);
                Optional<FlinkRest.Job> submitted = rest.running(job.flinkName()).filter(j -> j.startTime() >= asked);
                if (submitted.isPresent()) return submitted.get().id();
            }
        }
    }

    /** Stops every process it finds: serving, TaskManagers, JobManager, then Kafka. */
    public void stop(PrintStream out) throws IOException, InterruptedException {
        Map<String, Optional<ProcessHandle>> all = processes.all();
        List<String> order = new ArrayList<>(all.keySet());
        order.sort(Comparator.comparingInt(LocalCluster::stopRank));
        for (String name : order) {
            if (all.get(name).isEmpty()) continue;
            processes.stop(name, 20);
            out.println("stopped " + name);
        }
    }

    private static int stopRank(String name) {
        if (name.startsWith("serving")) return 0;
        if (name.startsWith("taskmanager")) return 1;
        if (name.startsWith("jobmanager")) return 2;
        return 3;
    }

    public void status(PrintStream out) throws IOException, InterruptedException {
        out.println("cluster folder: " + layout.dir());
        out.println("processes:");
        for (var e : processes.all().entrySet()) {
            out.printf("  %-14s %s  logs %s%n", e.getKey(),
                    e.getValue().map(h -> "running (pid " + h.pid() + ")").orElse("not running"), layout.logs(e.getKey()));
        }
        out.println("kafka: " + layout.bootstrap() + " (" + brokersUp() + " of 3 brokers registered)");
        for (int r = 1; r <= ClusterLayout.SERVING; r++) {
            out.println("serving-" + r + ": " + layout.servingUrl(r) + " (" + (servingReady(r) ? "ready" : "not answering") + ")");
        }
        if (!rest.reachable()) {
            out.println("flink: " + layout.restUrl() + " not answering");
            return;
        }
        JsonNode o = rest.overview();
        out.printf("flink: %s (%d TaskManagers, %d of %d slots free)%n", layout.restUrl(), o.path("taskmanagers").asInt(),
                o.path("slots-available").asInt(), o.path("slots-total").asInt());
        long now = System.currentTimeMillis();
        for (FlinkRest.Job j : rest.jobs()) {
            FlinkRest.Checkpoint c = rest.checkpoint(j.id());
            String checkpoint = c.id() == 0 ? "no checkpoint yet" : String.format("checkpoint #%d %.0f s ago (%s)", c.id(),
                    Math.max(0, now - c.completedAt()) / 1000.0, c.path());
            out.printf("  %-16s %-10s %s  %s%n", j.name(), j.state(), j.id(), checkpoint);
        }
    }

    int brokersUp() {
        Map<String, Object> p = Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = KafkaClientProperties.plaintext(layout.bootstrap()).admin(p)) {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
        } catch (Exception e) {
            return 0;
        } 
    }

    public boolean servingReady(int replica) {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(layout.servingUrl(replica) + "/readyz")).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void awaitBrokers(int n, Duration timeout) throws InterruptedException {
        await("3 Kafka brokers", timeout, () -> brokersUp() >= n);
    }

    /** Waits for the JobManager and 2 TaskManagers, starting again one that died on the way. */
    private void awaitFlink(Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!(rest.reachable() && rest.overview().path("taskmanagers").asInt() >= 2)) {
            if (System.nanoTime() > end) throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for 2 TaskManagers");
            if (processes.find("jobmanager").isEmpty()) processes.start(flink.jobManager());
            for (int n = 1; n <= 2; n++) if (processes.find("taskmanager-" + n).isEmpty()) startTaskManager(n);
            Thread.sleep(1_000);
        }
    }

    public void awaitJobsRunning(List<String> names, Duration timeout) throws InterruptedException {
        await("jobs " + names + " running", timeout, () -> {
            try {
                List<FlinkRest.Job> jobs = rest.jobs();
                return names.stream().allMatch(n -> jobs.stream().anyMatch(j -> j.name().equals(n) && j.state().equals("RUNNING")));
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    public void awaitServing(int replica, Duration timeout) throws InterruptedException {
        await("serving-" + replica + " ready", timeout, () -> servingReady(replica));
    }

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            Thread.sleep(500);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

}
