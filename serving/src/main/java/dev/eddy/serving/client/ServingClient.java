package dev.eddy.serving.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.serving.http.EventRequest;
import dev.eddy.serving.http.RankRequest;
import dev.eddy.serving.http.RankResponse;
import dev.eddy.serving.http.RequestBodies;
import dev.eddy.serving.http.RewardRequest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A typed client of the serving API: a plain JSON-over-HTTP(S) client, as a product would use it (the demo's simulated
 * users rank, reward and send events through it, and its summary reads the experiment's results). Over HTTPS it
 * speaks HTTP/2 when the server offers it.
 */
public final class ServingClient {
    private final HttpClient http;
    private final ObjectMapper json = RequestBodies.mapper();
    private final URI base;
    private final String authorization;

    public ServingClient(String baseUrl) {
        this(baseUrl, null, null);
    }

    /**
     * @param apiKey     sent as {@code Authorization: Bearer}, or null
     * @param truststore what an https URL's certificate must chain to (see {@link TrustStores}), or null for the
     *                   JDK's default CAs
     */
    public ServingClient(String baseUrl, String apiKey, java.security.KeyStore truststore) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.authorization = apiKey == null ? null : "Bearer " + apiKey;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (truststore != null) b.sslContext(TrustStores.sslContext(truststore));
        this.http = b.build();
    }

    /** Thrown for any non-2xx answer, with its status and body. */
    public static final class ServingError extends IOException {
        private final int status;

        ServingError(int status, String body) {
            super("HTTP " + status + ": " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public RankResponse rank(RankRequest request) throws IOException, InterruptedException {
        return json.readValue(post("v1/rank", request), RankResponse.class);
    }

    public void reward(String eventId, double value, Instant at) throws IOException, InterruptedException {
        post("v1/reward", new RewardRequest(eventId, value, null, "click", "click-" + eventId, at));
    }

    public void event(String userId, String itemId, String type, Instant at) throws IOException, InterruptedException {
        post("v1/events", new EventRequest(null, userId, itemId, type, 1.0, at));
    }

    /**
     * The experiments job's newest read-out of an experiment, as serving holds it ({@code GET
     * /v1/experiments/{id}/results}); empty before the first. An unknown experiment is a {@link ServingError} 404.
     */
    public Optional<ExperimentResults> latestResults(String experimentId) throws IOException, InterruptedException {
        HttpRequest request = authorized(HttpRequest.newBuilder(base.resolve("v1/experiments/"
                        + URLEncoder.encode(experimentId, StandardCharsets.UTF_8) + "/results")))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) throw new ServingError(response.statusCode(), new String(response.body()));
        // The results are the job's record: read with the events' (lenient, validating) reader, not the request mapper.
        JsonNode latest = EventJson.mapper().readTree(response.body()).get("latest");
        if (latest == null || latest.isNull()) return Optional.empty();
        try {
            return Optional.of(EventJson.parseExperimentResults(EventJson.mapper().writeValueAsBytes(latest)));
        } catch (InvalidEventException e) {
            throw new IOException("serving answered results that do not read: " + e.getMessage(), e);
        }
    }

    private byte[] post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = authorized(HttpRequest.newBuilder(base.resolve(path)))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) throw new ServingError(response.statusCode(), new String(response.body()));
        return response.body();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder b) {
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    /** The HTTP version this client and the server agree on (asks /healthz): HTTP/2 over HTTPS when both offer it. */
    public HttpClient.Version version() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve("healthz")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).version();
    }
}
