package dev.eddy.tools.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Flink standalone session cluster's processes: its {@code config.yaml} (RocksDB state, checkpoints and savepoints
 * in the cluster folder, which every process shares) and how to start the JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code TaskManagerRunner}) as Flink's own scripts
 * would, with the TaskManager's JVM sizes derived from its memory settings by Flink's own code.
 */
public final class FlinkProcesses {

    /** Slots per TaskManager: two TaskManagers hold the four jobs at parallelism 2, plus join and learner at 3. */
    public static final int SLOTS = 6;
    static final String TASK_MANAGER_MEMORY = "1600m";
    static final String JOB_MANAGER_HEAP = "-Xmx512m";
    private static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    /**
     * Flink's {@code classloader.parent-first-patterns.additional} on this cluster: DJL and RocksDB load native
     * libraries once per JVM, so every job uses the TaskManager's copy. deploy/ (flink/config.yaml, the
     * FlinkDeployments) names the same (DeploymentFilesTest).
     */
    public static final List<String> PARENT_FIRST_PATTERNS = List.of("ai.djl.", "org.rocksdb.");

    private final ClusterLayout layout;

    public FlinkProcesses(ClusterLayout layout) {
        this.layout = layout;
    }

    /** Writes config.yaml and the logging configuration into the cluster's flink-conf folder. */
    public void writeConfig() throws IOException {
        Path conf = layout.flinkConf();
        Files.createDirectories(conf);
        Files.createDirectories(layout.checkpoints());
        Files.createDirectories(layout.savepoints());
        Files.writeString(conf.resolve(GlobalConfiguration.FLINK_CONF_FILENAME), config());
        Files.writeString(conf.resolve("log4j2.properties"), LOG4J);
    }

    String config() {
        Path uploads = layout.dir().resolve("flink-web-upload");
        return String.join("\n",
                "# eddy cluster: a Flink standalone session cluster on 127.0.0.1 (written by `eddy cluster start`).",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + layout.jobManagerRpcPort(),
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.numberOfTaskSlots: " + SLOTS,
                "taskmanager.memory.process.size: " + TASK_MANAGER_MEMORY,
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + layout.restPort(),
                // The jobs jar carries DJL's native PyTorch (about 90 MB): above the default 100 MiB once encoded.
                "rest.server.max-content-length: 536870912",
                "web.upload.dir: " + uploads,
                "web.submit.enable: true",
                "web.cancel.enable: true",
                "state.backend.type: rocksdb",
                "execution.checkpointing.dir: " + layout.checkpoints().toUri(),
                "execution.checkpointing.savepoint-dir: " + layout.savepoints().toUri(),
                "execution.checkpointing.num-retained: 3",
                // A killed TaskManager is noticed when two heartbeats to it fail, instead of after 50 s.
                "heartbeat.interval: 2000",
                "heartbeat.timeout: 30000",
                // On a loaded machine the RPC system's start-up and asks can exceed their 10 s defaults: a TaskManager
                // then fails to start at all.
                "pekko.startup-timeout: 60 s",
                "pekko.ask.timeout: 60 s",
                // DJL (the retrain job) and RocksDB (its snapshot store) load native libraries once per JVM: from the
                // TaskManager's classpath, shared by every job, never again from a job's own class loader.
                "classloader.parent-first-patterns.additional: ["
                        + String.join(", ", PARENT_FIRST_PATTERNS.stream().map(p -> "\"" + p + "\"").toList()) + "]",
                "env.java.opts.all: " + String.join(" ", JavaFlags.OPENS),
                "");
    }

    public Processes.Spec jobManager() {
        List<String> jvm = new ArrayList<>(List.of(JOB_MANAGER_HEAP));
        jvm.addAll(JavaFlags.OPENS);
        jvm.addAll(logging("jobmanager"));
        return new Processes.Spec("jobmanager", Classpaths.flink(), jvm, JOB_MANAGER_MAIN,
                List.of("--configDir", layout.flinkConf().toString()), Map.of());
    }

    /** A TaskManager named {@code taskmanager-<n>} (also its resource id, as the web UI shows it). */
    public Processes.Spec taskManager(int n) {
        String name = "taskmanager-" + n;
        Configuration conf = GlobalConfiguration.loadConfiguration(layout.flinkConf().toString());
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        List<String> jvm = new ArrayList<>(Arrays.asList(ProcessMemoryUtils.generateJvmParametersStr(spec).trim().split("\\s+")));
        jvm.addAll(JavaFlags.OPENS);
        jvm.addAll(logging(name));
        List<String> args = new ArrayList<>(List.of("--configDir", layout.flinkConf().toString()));
        args.addAll(Arrays.asList(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+")));
        args.addAll(List.of("-D", "taskmanager.resource-id=" + name));
        Map<String, String> env = Map.of(
                // DJL unpacks libtorch from its Maven artifact here and never downloads; one OpenMP thread per
                // process, since spinning threads on a shared machine slow every step down.
                "DJL_CACHE_DIR", layout.dir().resolve("djl-cache").toString(),
                "OMP_NUM_THREADS", "1");
        return new Processes.Spec(name, Classpaths.flink(), jvm, TASK_MANAGER_MAIN, args, env);
    }

    private List<String> logging(String name) {
        Path file = layout.logs(name).resolve(name + ".log");
        return List.of("-Dlog.file=" + file, "-Dlog4j2.configurationFile=" + layout.flinkConf().resolve("log4j2.properties"),
                "-Dai.djl.offline=true",
                // Flink 2.2 passes pekko.startup-timeout to a key that Pekko's classic remoting does not read: its own
                // 10 s default applies, which a loaded machine misses ("Could not create actor system"). Pekko reads
                // system properties beneath Flink's settings.
                "-Dpekko.remote.classic.startup-timeout=60s");
    }

    static final String LOG4J = """
            # eddy cluster: each Flink and Kafka process logs to the file named by the system property log.file.
            rootLogger.level = INFO
            rootLogger.appenderRef.file.ref = file
            appender.file.name = file
            appender.file.type = File
            appender.file.fileName = ${sys:log.file}
            appender.file.append = true
            appender.file.layout.type = PatternLayout
            appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%t] %c - %m%n
            logger.clients.name = org.apache.kafka.clients
            logger.clients.level = WARN
            logger.common.name = org.apache.kafka.common
            logger.common.level = WARN
            logger.state.name = state.change.logger
            logger.state.level = WARN
            logger.pekko.name = org.apache.pekko
            logger.pekko.level = WARN
            """;
}
