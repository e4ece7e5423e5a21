package dev.eddy.serving.http;

import dev.eddy.events.metrics.ThreadCpu;
import dev.eddy.serving.http.ServingThreads.Kind;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServingThreadsTest {

    @Test
    void threadsAreToldApartByTheFifteenCharactersLinuxKeepsOfTheirNames() {
        assertThat(Kind.of("JettyServerThre")).isEqualTo(Kind.HTTP);
        assertThat(Kind.of("qtp1234-17")).isEqualTo(Kind.HTTP);
        assertThat(Kind.of("eddy-serving-lo")).isEqualTo(Kind.DECISION_LOG);
        assertThat(Kind.of("eddy-serving-du")).isEqualTo(Kind.DECISION_LOG);
        assertThat(Kind.of("kafka-producer-")).isEqualTo(Kind.KAFKA_CLIENT);
        assertThat(Kind.of("eddy-model-foll")).isEqualTo(Kind.FOLLOWERS);
        assertThat(Kind.of("eddy-drift-guar")).isEqualTo(Kind.FOLLOWERS);
        assertThat(Kind.of("eddy-warm-up-ht")).isEqualTo(Kind.WARM_UP);
        assertThat(Kind.of("eddy-ann-build-")).isEqualTo(Kind.WARM_UP);
        assertThat(Kind.of("C2 CompilerThre")).isEqualTo(Kind.JIT);
        assertThat(Kind.of("GC Thread#0")).isEqualTo(Kind.GC);
        assertThat(Kind.of("VM Periodic Tas")).isEqualTo(Kind.GC);
        assertThat(Kind.of("java")).isEqualTo(Kind.OTHER);
    }

    @Test
    void cpuIsSummedByKind() {
        assertThat(ThreadCpu.group(Map.of("JettyServerThre", 30L, "qtp9-1", 12L, "kafka-producer-", 5L), Kind.class, Kind::of))
                .containsEntry(Kind.HTTP, 42L).containsEntry(Kind.KAFKA_CLIENT, 5L).doesNotContainKey(Kind.JIT);
    }

    @Test
    void metricsSayWhereTheProcessCpuWent() {
        ServingMetrics metrics = new ServingMetrics();
        // Micrometer holds what a function counter reads weakly: it must outlive a collection.
        System.gc();
        String text = metrics.scrape();
        assertThat(text).contains("eddy_process_cpu_threads_ns_total{threads=\"http\"}",
                "eddy_process_cpu_threads_ns_total{threads=\"jit\"}");
        if (System.getProperty("os.name").startsWith("Linux")) {
            // This test's own thread (surefire's main) is "other", and it has run.
            assertThat(text).containsPattern("eddy_process_cpu_threads_ns_total\\{threads=\"other\"} [1-9]");
        }
    }
}
