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
            assertThat(m.sample()).isEqualTo(new ServerMetrics.Sample(1_500_000.0, Double.NaN));
            assertThat(m.readySeconds()).isEmpty();
        } finally {
            server.stop(0);
        }
        ServerMetrics gone = new ServerMetrics(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        assertThat(gone.cpuNanos()).isEmpty();
    }
}
