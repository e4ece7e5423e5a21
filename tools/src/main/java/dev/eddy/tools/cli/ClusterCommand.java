package dev.eddy.tools.cli;

import dev.eddy.tools.cluster.Classpaths;
import dev.eddy.tools.cluster.ClusterLayout;
import dev.eddy.tools.cluster.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code eddy cluster start|stop|status}: the local multi-process cluster (Kafka, Flink, serving as separate JVMs). */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A real cluster on this machine, every process its own JVM on 127.0.0.1: 3 KRaft Kafka brokers, a "
                + "Flink standalone session cluster (JobManager + 2 TaskManagers, RocksDB), 2 serving processes, and the "
                + "join, learner, retrain and experiments jobs submitted through Flink's REST API.",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Status.class})
final class ClusterCommand implements Runnable {

    static final String DEFAULT_DIR = "${java.io.tmpdir}/eddy-cluster";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the cluster in a fresh folder, submit the jobs, print the addresses and log folders; "
                    + "the processes keep running after the command returns.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
                description = "the cluster's folder: ports, pids, logs, Kafka data, checkpoints, savepoints (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(names = "--jar", paramLabel = "JAR",
                description = "the jobs jar to submit (default: tools/target/eddy-tools-*-cluster.jar, built by "
                        + "./mvnw -B -Pcluster -pl tools -am package -DskipTests)")
        Path jar;

        @Option(names = "--serving-set", paramLabel = "KEY=VALUE",
                description = "override a config key of both serving processes; repeatable")
        java.util.List<String> servingSets = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            LocalCluster.start(dir, jobsJar(jar), servingSets, System.out);
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop every process of the cluster (its folder stays, with the logs).")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR, description = "the cluster's folder (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public Integer call() throws Exception {
            LocalCluster.open(existing(dir)).stop(System.out);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "List the cluster's processes, Kafka brokers, serving replicas, Flink jobs and their last checkpoints.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR, description = "the cluster's folder (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public Integer call() throws Exception {
            LocalCluster.open(existing(dir)).status(System.out);
            return 0;
        }
    }

    static Path existing(Path dir) {
        if (!ClusterLayout.exists(dir)) throw new IllegalArgumentException("no cluster in " + dir + ": start one with `eddy cluster start`");
        return dir;
    }

    static Path jobsJar(Path given) {
        Path jar = given != null ? given : Classpaths.clusterJar().orElseThrow(() -> new IllegalArgumentException(
                "no jobs jar: build it with ./mvnw -B -Pcluster -pl tools -am package -DskipTests, or name one with --jar"));
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException("--jar " + jar + ": no such file");
        return jar;
    }
}
