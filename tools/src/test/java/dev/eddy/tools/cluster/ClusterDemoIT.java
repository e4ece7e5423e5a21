package dev.eddy.tools.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cluster demo's scenario as a test: a real multi-process cluster (3 brokers, JobManager, 2 TaskManagers, 2 serving
 * processes), the four faults under traffic, and the checks. Heavy (a dozen JVMs; about 8 minutes on 2 shared cores),
 * so it runs only when asked for and when the jobs jar is built:
 * {@code ./mvnw -B -Pcluster -pl tools -am package -DskipTests}, then
 * {@code ./mvnw -B -o -pl tools -am verify -Deddy.cluster-it=true -Dit.test=ClusterDemoIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "eddy.cluster-it", matches = "true")
class ClusterDemoIT {

    @Test
    void nothingIsLostOrDuplicatedAcrossTheFourFaults(@TempDir Path dir) throws Exception {
        Path jar = Classpaths.clusterJar().orElse(null);
        assumeTrue(jar != null, "the jobs jar is not built (./mvnw -B -Pcluster -pl tools -am package -DskipTests)");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TeeStream(bytes, System.out), true, StandardCharsets.UTF_8);
        ClusterDemo.Report report = ClusterDemo.run(new ClusterDemo.Settings(dir.resolve("cluster"), jar, 20,
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), false, java.util.List.of()), out);
        String printed = bytes.toString(StandardCharsets.UTF_8);

        for (String fault : ClusterDemo.FAULTS) assertThat(printed).containsPattern("recovery " + fault + ": \\d+\\.\\d s");
        assertThat(report.exactlyOnce().holds()).as(report.exactlyOnce().line()).isTrue();
        assertThat(printed).containsPattern("exactly-once: (\\d+) decisions, \\1 examples, 0 missing, 0 duplicate");
        assertThat(report.versionsHold()).as(String.join("\n", report.versionLines())).isTrue();
        assertThat(report.clients().unanswered()).isZero();
        assertThat(report.clients().answered()).isEqualTo(report.clients().requests());
        assertThat(report.killedAnswered()).isPositive();
        // And nothing of the cluster is left running.
        assertThat(new Processes(ClusterLayout.load(dir.resolve("cluster"))).all().values()).allMatch(p -> p.isEmpty());
    }

    /** Prints what the demo prints while keeping it for the assertions. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
