package dev.eddy.tools.bench.load;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ServerMetricsTest {

    @Test
    void readsUnlabelledSamplesOfPrometheusText() {
        var samples = ServerMetrics.parse("""
                # HELP process_cpu_time_ns_total The "cpu time" used by the Java Virtual Machine process
                # TYPE process_cpu_time_ns_total counter
                process_cpu_time_ns_total 2.97E9
                eddy_serving_ready_seconds NaN
                eddy_http_server_requests_seconds_count{endpoint="rank",status="2xx"} 12
                eddy_http_server_requests_seconds_count{endpoint="rank",status="4xx"} 3.0
                eddy_http_server_requests_seconds_count{endpoint="a b",status="5xx"} 1
                """);
        assertThat(samples).containsEntry("process_cpu_time_ns_total", 2.97e9).containsKey("eddy_serving_ready_seconds")
                .containsEntry("eddy_http_server_requests_seconds_count", 16.0);
        assertThat(samples.get("eddy_serving_ready_seconds")).isNaN();
    }

    @Test
    void readsTheServersCpuByKindOfThread() {
        String text = """
                # TYPE eddy_process_cpu_threads_ns_total counter
                eddy_process_cpu_threads_ns_total{threads="http"} 4.5E9
                eddy_process_cpu_threads_ns_total{threads="decision-log"} 3.0E8
                eddy_process_cpu_threads_ns_total_created{threads="http"} 1.7E9
                process_cpu_time_ns_total 5.0E9
                """;
        assertThat(ServerMetrics.byLabel(text, ServerMetrics.CPU_BY_THREADS, "threads"))
                .containsOnly(java.util.Map.entry("http", 4.5e9), java.util.Map.entry("decision-log", 3.0e8));
        var before = new ServerMetrics.Sample(1e9, 10, java.util.Map.of("http", 1.0e9, "jit", 2.0e8));
        var after = new ServerMetrics.Sample(2e9, 1010, java.util.Map.of("http", 1.4e9, "jit", 2.5e8, "gc", 1e6));
        assertThat(after.microsByThreadsSince(before, 1000))
                .containsOnly(java.util.Map.entry("http", 400.0), java.util.Map.entry("jit", 50.0));
        assertThat(LoadReport.byThreads(after.microsByThreadsSince(before, 1000))).isEqualTo(": http 400, jit 50");
        assertThat(LoadReport.byThreads(java.util.Map.of())).isEmpty();
        assertThat(LoadReport.byThreads(java.util.Map.of("gc", 0.2))).isEmpty();
    }

    @Test
    void aServerThatIsNotReadyOrHasNoMetricsGivesNoValue() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        AtomicLong cpu = new AtomicLong(1_000_000);
        server.createContext("/metrics", e -> {
            byte[] body = ("process_cpu_time_ns_total " + cpu.getAndAdd(500_000) + "\neddy_serving_ready_seconds NaN\n")
                    .getBytes(StandardCharsets.UTF_8);
            e.sendResponseHeaders(200, body.length);
            e.getResponseBody().write(body);
            e.close();
        });
        server.start();
        try {
            ServerMetrics m = new ServerMetrics(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
            assertThat(m.cpuNanos()).hasValue(1_000_000.0);
            assertThat(m.sample()).isEqualTo(new ServerMetrics.Sample(1_500_000.0, Double.NaN, java.util.Map.of()));
            assertThat(m.readySeconds()).isEmpty();
        } finally {
            server.stop(0);
        }
        ServerMetrics gone = new ServerMetrics(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        assertThat(gone.cpuNanos()).isEmpty();
    }
}
