package dev.eddy.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP layer's own refusals over real HTTP, without Kafka: 400, 401, 404, 405, 413 and 500, each with the JSON
 * error body and the headers HTTP asks for, none naming a Java type. None of these requests gets past the HTTP
 * layer's checks except the one meant to fail, so the server runs with endpoints that fail as a bug would (a
 * real component fails on no request). The statuses that serving's core decides (404 unknown experiment, 503) are
 * in ServingIT, with Kafka.
 */
class HttpErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ServingServer open;
    private static ServingServer guarded;

    @BeforeAll
    static void start() {
        RequestLimits limits = new RequestLimits(10, 5, 20, 64);
        FailingEndpoints failing = new FailingEndpoints();
        open = ServingServer.start(new ServingServer.Settings("127.0.0.1", 0, 2048, limits, ApiKeys.disabled()),
                failing, failing, new ServingMetrics());
        guarded = ServingServer.start(new ServingServer.Settings("127.0.0.1", 0, 2048, limits, ApiKeys.of(List.of("k-123"))),
                failing, failing, new ServingMetrics());
    }

    @AfterAll
    static void stop() {
        if (open != null) open.close();
        if (guarded != null) guarded.close();
    }

    @Test
    void malformedJsonIs400() throws Exception {
        JsonNode body = error(send(open, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":"), 400);
        assertThat(body.get("error").asText()).startsWith("malformed JSON at line 1, column ");
        assertThat(body.has("field")).isFalse();
        assertThat(error(send(open, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":NaN}"), 400).get("error").asText())
                .startsWith("malformed JSON");
        assertThat(error(send(open, "POST", "/v1/events", ""), 400).get("error").asText()).contains("needs a JSON body");
    }

    @Test
    void aWrongTypeIs400NamingTheFieldAndTheJsonTypeWanted() throws Exception {
        assertField(send(open, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":\"three\"}"), 400, "k",
                "k: expected an integer in -2147483648..2147483647, got the string \"three\"");
        assertField(send(open, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":99999999999}"), 400, "k",
                "k: expected an integer in -2147483648..2147483647, got the number 99999999999");
        assertField(send(open, "POST", "/v1/rank", "{\"userId\":{\"a\":1},\"k\":1}"), 400, "userId", "userId: expected a string, got an object");
        assertField(send(open, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":1,\"context\":[1]}"), 400, "context[0]",
                "context[0]: expected an object of features, got a number");
        assertField(send(open, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":1,\"context\":\"ios\"}"), 400, "context",
                "context: expected an object of features or an array of such objects, got a string");
        assertField(send(open, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":1,\"candidates\":{}}"), 400, "candidates",
                "candidates: expected an array");
        assertField(send(open, "POST", "/v1/rank",
                        "{\"userId\":\"u1\",\"k\":1,\"candidates\":[{\"id\":\"a\",\"features\":{\"i\":{\"x\":null}}}]}"),
                400, "candidates[0].features.i.x",
                "candidates[0].features.i.x: expected a number, string, boolean, object or array, got null");
        assertField(send(open, "POST", "/v1/reward", "{\"eventId\":\"e\",\"value\":1,\"slot\":true}"), 400, "slot",
                "slot: expected an integer in -2147483648..2147483647");
        assertField(send(open, "POST", "/v1/events", "{\"userId\":\"u\",\"itemId\":\"i\",\"timestamp\":\"yesterday\"}"),
                400, "timestamp", "timestamp: expected an ISO-8601 instant");
        assertThat(error(send(open, "POST", "/v1/rank", "[1]"), 400).get("error").asText())
                .isEqualTo("the request body must be a JSON object");
        assertThat(error(send(open, "POST", "/v1/rank", "\"str\""), 400).get("error").asText())
                .isEqualTo("the request body must be a JSON object");
    }

    @Test
    void aBadFieldIs400NamingIt() throws Exception {
        assertField(send(open, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":0}"), 400, "k", "k: must be in 1..10, was 0");
        assertField(send(open, "POST", "/v1/rank", "{\"k\":1}"), 400, "userId", "userId: is required");
        assertField(send(open, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":1,\"experimentID\":\"x\"}"), 400,
                "experimentID", "experimentID: unknown field");
        assertField(send(open, "POST", "/v1/reward", "{\"eventId\":\"e\"}"), 400, "value", "value: is required");
    }

    @Test
    void aMissingOrWrongApiKeyIs401AskingForABearerToken() throws Exception {
        for (String header : new String[] {null, "Bearer wrong", "k-123", "Basic azEyMw=="}) {
            HttpResponse<String> r = header == null ? send(guarded, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":1}")
                    : send(guarded, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":1}", "Authorization", header);
            assertThat(error(r, 401).get("error").asText()).contains("API key").doesNotContain("k-123", "wrong");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        // The right key passes the check (and reaches the endpoints, which fail here).
        assertThat(send(guarded, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":1}", "Authorization", "Bearer k-123")
                .statusCode()).isEqualTo(500);
        assertThat(send(guarded, "GET", "/healthz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownPathIs404() throws Exception {
        assertThat(error(send(open, "GET", "/v1/nothing", null), 404).get("error").asText()).contains("/v1/nothing");
        assertThat(error(send(open, "POST", "/v2/rank", "{}"), 404).get("error").asText()).contains("/v2/rank");
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405ListingTheAllowedOnes() throws Exception {
        HttpResponse<String> get = send(open, "GET", "/v1/rank", null);
        error(get, 405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> delete = send(open, "DELETE", "/v1/models", null);
        error(delete, 405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET");
        error(send(open, "PUT", "/v1/reward", "{}"), 405);
    }

    @Test
    void theRootPointsToTheDashboard() throws Exception {
        HttpResponse<String> root = send(open, "GET", "/", null);
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/dashboard");
    }

    @Test
    void tooLargeIs413() throws Exception {
        String big = "{\"userId\":\"" + "x".repeat(3000) + "\",\"k\":1}";
        assertThat(error(send(open, "POST", "/v1/rank", big), 413).get("error").asText()).contains("limit of 2048");
        StringBuilder features = new StringBuilder();
        for (int i = 0; i < 21; i++) features.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
        assertField(send(open, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":1,\"context\":{\"ns\":{" + features + "}}}"),
                413, "context", "too many feature values: 21 > 20");
    }

    @Test
    void aBugIs500WithoutInternals() throws Exception {
        HttpResponse<String> r = send(open, "POST", "/v1/rank", "{\"userId\":\"u1\",\"k\":1}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("{\"error\":\"internal error; see the server log\"}"));
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(send(open, "GET", "/v1/models", null).body()).isEqualTo(r.body());
    }

    /** Checks the status and the JSON error body, and that nothing in the body names a Java type. */
    static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).doesNotContainPattern(ErrorBodies.INTERNALS);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("error").asText()).isNotBlank();
        return body;
    }

    private static void assertField(HttpResponse<String> r, int status, String field, String errorStart) throws Exception {
        JsonNode body = error(r, status);
        assertThat(body.get("field").asText()).isEqualTo(field);
        assertThat(body.get("error").asText()).startsWith(errorStart);
    }

    private static HttpResponse<String> send(ServingServer server, String method, String path, String body,
                                             String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Fails every call the way a bug would, with internals in the message that must not reach the client. */
    private static final class FailingEndpoints implements ServingEndpoints, DashboardEndpoints {
        private static RuntimeException bug() {
            return new IllegalStateException("bug in dev.eddy.serving.Secret: java.lang.ArrayIndexOutOfBoundsException: 3");
        }

        @Override public boolean logMayWait() { return false; }
        @Override public RankResponse rank(RankRequest request) { throw bug(); }
        @Override public RankResponse rankUnlogged(RankRequest request) { throw bug(); }
        @Override public Accepted reward(RewardRequest request) { throw bug(); }
        @Override public Accepted event(EventRequest request) { throw bug(); }
        @Override public Object models() { throw bug(); }
        @Override public Object experiments() { throw bug(); }
        @Override public String notReadyReason() { throw bug(); }
        @Override public Object experimentResults(String experimentId) { throw bug(); }
        @Override public Object modelHistory() { throw bug(); }
    }
}
