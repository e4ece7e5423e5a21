package dev.eddy.serving.http;

import dev.eddy.serving.security.ApiKey;
import dev.eddy.serving.security.ApiKeyFile;
import dev.eddy.serving.security.KeyDigest;
import dev.eddy.serving.security.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the server, read from its own route table, asked with no key, a wrong key, a key of each scope it
 * does not need, the key of its scope and an old flat key (every scope). A route added without declaring its access
 * stops the server from starting; one added with an access that this test's table does not list fails here until
 * the table says what it should need.
 */
class ApiAccessTest {
    /** What each route must need: the mapping (health, readiness, docs and the dashboard's page open). */
    private static final Map<String, Access> EXPECTED = Map.ofEntries(
            entry("POST /v1/rank", Access.RANK),
            entry("POST /v1/reward", Access.FEEDBACK),
            entry("POST /v1/events", Access.FEEDBACK),
            entry("GET /v1/models", Access.READ),
            entry("GET /v1/models/history", Access.READ),
            entry("GET /v1/experiments", Access.READ),
            entry("GET /v1/experiments/{experimentId}/results", Access.READ),
            entry("GET /metrics", Access.ADMIN),
            entry("POST /v1/admin/reload", Access.ADMIN),
            entry("GET /healthz", Access.OPEN),
            entry("GET /readyz", Access.OPEN),
            entry("GET /openapi.yaml", Access.OPEN),
            entry("GET /", Access.OPEN),
            entry("GET /dashboard", Access.OPEN),
            entry("GET /dashboard/{asset}", Access.OPEN));

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String FLAT = "flat-key-of-old";
    private static final Map<Scope, String> SECRETS = new EnumMap<>(Scope.class);
    private static ServingServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path file = dir.resolve("keys");
        for (Scope s : Scope.values()) {
            String secret = KeyDigest.newSecret();
            SECRETS.put(s, secret);
            ApiKeyFile.append(file, new ApiKey("only-" + s.label(), Set.of(s), KeyDigest.sha256(secret)));
        }
        server = ServingServer.start(new ServingServer.Settings("127.0.0.1", 0, 64 * 1024, RequestLimits.DEFAULT,
                ApiKeys.of(List.of(FLAT)), file, null, ServingServer.Protection.DEFAULT), new CannedEndpoints(),
                new CannedEndpoints(), new ServingMetrics());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void everyRouteDeclaresTheAccessTheTableSays() {
        Map<String, Access> actual = new TreeMap<>();
        for (ServingServer.Route r : server.routes()) actual.put(r.method() + " " + r.path(), r.access());
        assertThat(actual).isEqualTo(new TreeMap<>(EXPECTED));
    }

    @Test
    void everyRouteAnswersMissingWrongOtherScopeAndRightKeys() throws Exception {
        int checked = 0;
        for (ServingServer.Route r : server.routes()) {
            String what = r.method() + " " + r.path();
            if (r.access() == Access.OPEN) {
                assertThat(send(r, null).statusCode()).as(what + " without a key").isBetween(200, 399);
                checked++;
                continue;
            }
            HttpResponse<String> none = send(r, null);
            assertThat(none.statusCode()).as(what + " without a key").isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(what).hasValue("Bearer");
            assertThat(send(r, "Bearer not-a-key").statusCode()).as(what + " with a wrong key").isEqualTo(401);
            assertThat(send(r, "Basic " + SECRETS.get(r.access().scope())).statusCode()).as(what + " not as bearer").isEqualTo(401);
            for (Scope other : Scope.values()) {
                if (other == r.access().scope()) continue;
                HttpResponse<String> refused = send(r, "Bearer " + SECRETS.get(other));
                assertThat(refused.statusCode()).as(what + " with a key of scope " + other).isEqualTo(403);
                assertThat(refused.body()).contains("'" + r.access().scope().label() + "'")
                        .doesNotContain(SECRETS.get(other)).doesNotContainPattern(ErrorBodies.INTERNALS);
            }
            HttpResponse<String> right = send(r, "Bearer " + SECRETS.get(r.access().scope()));
            assertThat(right.statusCode()).as(what + " with its scope's key: " + right.body()).isBetween(200, 299);
            assertThat(send(r, "Bearer " + FLAT).statusCode()).as(what + " with a flat key (every scope)").isBetween(200, 299);
            checked++;
        }
        assertThat(checked).isEqualTo(EXPECTED.size());
    }

    @Test
    void anUnknownV1PathNeedsAKeyBeforeItIs404() throws Exception {
        HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/nothing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        HttpResponse<String> keyed = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/nothing"))
                .header("Authorization", "Bearer " + SECRETS.get(Scope.READ)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(keyed.statusCode()).isEqualTo(404);
    }

    /** One request to the route: a valid body for the POSTs, an experiment that exists for the path parameter. */
    static HttpResponse<String> send(ServingServer server, ServingServer.Route r, String authorization) throws Exception {
        String path = r.path().replace("{experimentId}", "home").replace("{asset}", "uPlot.min.css");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (authorization != null) b.header("Authorization", authorization);
        String body = switch (path) {
            case "/v1/rank" -> "{\"userId\":\"u1\",\"k\":1}";
            case "/v1/reward" -> "{\"eventId\":\"e1\",\"value\":1}";
            case "/v1/events" -> "{\"userId\":\"u1\",\"itemId\":\"i1\"}";
            default -> "";
        };
        b.method(r.method(), r.method().equals("POST") ? HttpRequest.BodyPublishers.ofString(body)
                : HttpRequest.BodyPublishers.noBody());
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(ServingServer.Route r, String authorization) throws Exception {
        return send(server, r, authorization);
    }

    /** Used by the other tests of this package to name routes in messages. */
    static String describe(List<ServingServer.Route> routes) {
        return routes.stream().map(r -> r.method() + " " + r.path()).collect(Collectors.joining(", "));
    }
}
