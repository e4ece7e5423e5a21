package dev.eddy.tools.cli;

import dev.eddy.tools.cluster.ClusterDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code eddy cluster-demo}: faults on the local cluster under traffic, and the checks that nothing was lost. */
@Command(name = "cluster-demo", mixinStandardHelpOptions = true,
        description = "Start the local cluster (as `eddy cluster start`), drive traffic through both serving processes, "
                + "then kill a TaskManager, the busiest Kafka broker (restarted 30 s later), rescale join and learner "
                + "2 -> 3 through a savepoint, and kill a serving process; print each fault's recovery time and check "
                + "exactly-once output, gap-free model versions and that every request was answered.")
final class ClusterDemoCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}/eddy-cluster-demo",
            description = "the cluster's folder, made afresh (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--jar", paramLabel = "JAR", description = "the jobs jar (default: tools/target/eddy-tools-*-cluster.jar)")
    Path jar;

    @Option(names = "--rate", defaultValue = "20", description = "rank requests per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--settle", defaultValue = "10s", converter = DurationConverter.class,
            description = "traffic between a fault's recovery and the next fault (default: ${DEFAULT-VALUE})")
    Duration settle;

    @Option(names = "--serving-set", paramLabel = "KEY=VALUE",
            description = "override a config key of both serving processes (e.g. a logging mode); repeatable")
    List<String> servingSets = new ArrayList<>();

    @Option(names = "--keep", description = "leave the cluster running at the end (stop it with `eddy cluster stop --dir DIR`)")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        if (!(rate > 0 && rate <= 500)) throw new IllegalArgumentException("--rate must be in (0, 500]");
        ClusterDemo.Report report = ClusterDemo.run(new ClusterDemo.Settings(dir, ClusterCommand.jobsJar(jar), rate,
                Duration.ofSeconds(10), settle, Duration.ofSeconds(30), keep, servingSets), System.out);
        return report.passed() ? 0 : 1;
    }
}
