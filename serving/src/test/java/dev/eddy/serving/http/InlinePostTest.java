package dev.eddy.serving.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rank requests answered by {@link InlinePostHandler} on the thread that read them, and those it leaves to the
 * servlet route: the same answers whichever way a request went, over raw HTTP/1.1.
 */
class InlinePostTest {
    private static final String BODY = "{\"userId\":\"u1\",\"k\":1}";

    @Test
    void aBodyThatArrivesInPiecesIsRankedInlineOnceWhole() throws Exception {
        CannedEndpoints endpoints = new CannedEndpoints();
        try (ServingServer server = start(endpoints, Duration.ofSeconds(10))) {
            String answer;
            try (Socket s = socket(server)) {
                OutputStream out = s.getOutputStream();
                out.write(head("Content-Length: " + BODY.length()).getBytes(StandardCharsets.US_ASCII));
                out.write(BODY.substring(0, 7).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);
                out.write(BODY.substring(7).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                answer = readAnswer(s.getInputStream());
            }
            assertThat(answer).startsWith("HTTP/1.1 200").contains("application/json").contains("\"items\"");
            assertThat(endpoints.rankRoutes()).containsExactly(CannedEndpoints.Route.INLINE);
        }
    }

    /**
     * A refusal (here 401) comes once the body is whole, so the connection stays usable: answering before it had
     * made Jetty close the connection without saying so, and the client's next request on it went unanswered.
     */
    @Test
    void aRefusedRequestLeavesItsConnectionUsableForTheNext() throws Exception {
        CannedEndpoints endpoints = new CannedEndpoints();
        try (ServingServer server = ServingServer.start(new ServingServer.Settings("127.0.0.1", 0, 64 * 1024,
                RequestLimits.DEFAULT, ApiKeys.of(List.of("k")), Duration.ofSeconds(10)), endpoints, endpoints,
                new ServingMetrics())) {
            String answers;
            try (Socket s = socket(server)) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/rank HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY.substring(0, 7))
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);
                out.write((BODY.substring(7) + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                answers = readAnswer(s.getInputStream());
            }
            assertThat(answers).startsWith("HTTP/1.1 401").contains("HTTP/1.1 200");
            assertThat(endpoints.rankRoutes()).isEmpty();
        }
    }

    /** curl asks first for bodies over 1 KB: the body is sent only after the server's 100 Continue. */
    @Test
    void aClientThatExpectsContinueGetsItAndThenItsAnswer() throws Exception {
        CannedEndpoints endpoints = new CannedEndpoints();
        try (ServingServer server = start(endpoints, Duration.ofSeconds(10))) {
            try (Socket s = socket(server)) {
                OutputStream out = s.getOutputStream();
                out.write(head("Expect: 100-continue\r\nContent-Length: " + BODY.length()).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] interim = new byte["HTTP/1.1 100 Continue\r\n\r\n".length()];
                int n = 0;
                for (int r; n < interim.length && (r = in.read(interim, n, interim.length - n)) > 0; ) n += r;
                assertThat(new String(interim, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 100");
                out.write(BODY.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readAnswer(in)).startsWith("HTTP/1.1 200").contains("\"items\"");
            }
            assertThat(endpoints.rankRoutes()).containsExactly(CannedEndpoints.Route.INLINE);
        }
    }

    @Test
    void aChunkedBodyGoesToTheServletRouteAndGetsTheSameAnswer() throws Exception {
        CannedEndpoints endpoints = new CannedEndpoints();
        try (ServingServer server = start(endpoints, Duration.ofSeconds(10))) {
            String inline = bodyOf(send(server, head("Content-Length: " + BODY.length()) + BODY));
            String chunked = send(server, head("Transfer-Encoding: chunked")
                    + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n");
            assertThat(chunked).startsWith("HTTP/1.1 200");
            assertThat(bodyOf(chunked)).isEqualTo(inline);
            assertThat(endpoints.rankRoutes()).containsExactly(CannedEndpoints.Route.INLINE, CannedEndpoints.Route.SERVLET);
        }
    }

    @Test
    void aBadBodyGetsTheSame400EitherWay() throws Exception {
        CannedEndpoints endpoints = new CannedEndpoints();
        String bad = "{\"userId\":\"u1\",\"k\":\"ten\"}";
        try (ServingServer server = start(endpoints, Duration.ofSeconds(10))) {
            String inline = send(server, head("Content-Length: " + bad.length()) + bad);
            String chunked = send(server, head("Transfer-Encoding: chunked")
                    + Integer.toHexString(bad.length()) + "\r\n" + bad + "\r\n0\r\n\r\n");
            assertThat(inline).startsWith("HTTP/1.1 400");
            assertThat(bodyOf(inline)).contains("\"field\":\"k\"").doesNotContainPattern(ErrorBodies.INTERNALS)
                    .isEqualTo(bodyOf(chunked));
            assertThat(chunked).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void aBodyThatStopsArrivingGets408AndTheConnectionCloses() throws Exception {
        try (ServingServer server = start(new CannedEndpoints(), Duration.ofMillis(500))) {
            try (Socket s = socket(server)) {
                s.getOutputStream().write((head("Content-Length: " + BODY.length()) + BODY.substring(0, 5))
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                String answer = readAnswer(s.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 408").contains("serving.request-timeout")
                        .doesNotContainPattern(ErrorBodies.INTERNALS);
            }
        }
    }

    /**
     * Ranks that may wait (a durable log's) are handed to the pool: with more of them held than there are selecting
     * threads, the server still reads and answers other requests.
     */
    @Test
    void ranksThatMayWaitDoNotHoldTheThreadsThatReadRequests() throws Exception {
        CannedEndpoints endpoints = new CannedEndpoints();
        HttpClient http = HttpClient.newHttpClient();
        try (ServingServer server = start(endpoints, Duration.ofSeconds(10))) {
            CountDownLatch release = endpoints.holdRanks();
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i <= InlinePostHandler.selectors(); i++) {
                held.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/rank"))
                        .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(held).noneMatch(CompletableFuture::isDone);
            release.countDown();
            for (var f : held) assertThat(f.get().statusCode()).isEqualTo(200);
        }
    }

    private static ServingServer start(CannedEndpoints endpoints, Duration requestTimeout) {
        return ServingServer.start(new ServingServer.Settings("127.0.0.1", 0, 64 * 1024, RequestLimits.DEFAULT,
                ApiKeys.disabled(), requestTimeout), endpoints, endpoints, new ServingMetrics());
    }

    private static String head(String framing) {
        return "POST /v1/rank HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + framing + "\r\n\r\n";
    }

    private static Socket socket(ServingServer server) throws Exception {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(15_000);
        return s;
    }

    private static String send(ServingServer server, String request) throws Exception {
        try (Socket s = socket(server)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return readAnswer(s.getInputStream());
        }
    }

    /** Everything the server sent until it closed the connection (each request asks it to). */
    private static String readAnswer(InputStream in) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.UTF_8);
    }

    private static String bodyOf(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }
}
