package dev.eddy.serving.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.serving.http.EventRequest;
import dev.eddy.serving.http.RankRequest;
import dev.eddy.serving.http.RankResponse;
import dev.eddy.serving.http.RequestBodies;
import dev.eddy.serving.http.RewardRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** The simulated users' side of the serving API: a plain JSON-over-HTTP client, as a product would use it. */
public final class ServingClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = RequestBodies.mapper();
    private final URI base;

    public ServingClient(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
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

    private byte[] post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) throw new ServingError(response.statusCode(), new String(response.body()));
        return response.body();
    }
}
