package dev.eddy.tools.bench.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A manual measurement, not part of the build: can the generator itself offer 1,000 and 5,000 req/s on this machine,
 * and at what CPU cost? Against the JDK's HTTP server in this JVM (answering 200 at once), rank bodies with 100
 * candidates (about 7 KB each, as the serving benchmark sends) and healthz, 5 s each after 1 s of warm-up. Run with
 * {@code ./mvnw -B -q -pl stream-jobs -am verify -DskipITs -Dtest=LoadGeneratorCapacityTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Deddy.load.capacity=true}; the tables are in the test's output.
 */
@EnabledIfSystemProperty(named = "eddy.load.capacity", matches = "true")
class LoadGeneratorCapacityTest {

    @Test
    void offersTheAskedRateAt1000And5000PerSecond() throws Exception {
        try (TrivialHttpServer server = new TrivialHttpServer(4, false, e -> {})) {
            for (int rate : new int[] {1000, 5000}) {
                LoadSettings s = new LoadSettings(server.url(), rate, Duration.ofSeconds(5), Duration.ofSeconds(1),
                        List.of(Target.RANK, Target.HEALTHZ), SyntheticPopulation.of(100_000, 100_000), 10, 100, null,
                        null, 16, Duration.ofSeconds(10), Duration.ofSeconds(1), 1);
                LoadResult r = LoadBenchmark.run(s, System.out);
                System.out.println(LoadReport.table(r));
                for (PhaseResult p : r.phases()) {
                    assertThat(p.sentPerSecond()).as(p.endpoint() + " at " + rate).isGreaterThan(rate * 0.98);
                    assertThat(p.fellBehind()).as(p.endpoint() + " at " + rate).isFalse();
                }
            }
        }
    }
}
