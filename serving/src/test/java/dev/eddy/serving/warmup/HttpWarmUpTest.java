package dev.eddy.serving.warmup;

import dev.eddy.serving.http.ApiKeys;
import dev.eddy.serving.http.CannedEndpoints;
import dev.eddy.serving.http.RequestLimits;
import dev.eddy.serving.http.ServingMetrics;
import dev.eddy.serving.http.ServingServer;
import dev.eddy.serving.http.WarmUpPass;
import dev.eddy.serving.model.ServingModels;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP warm-up ranks over the real route (200 and its JSON) without a single decision going to the logging path,
 * and its pass opens nothing once closed: the same header then gets a logged rank, as any client's does.
 */
class HttpWarmUpTest {
    private static final WarmUp.Settings TWO_ROUNDS = new WarmUp.Settings(Duration.ofSeconds(30), 20, 40, 2, 10.0, 1.0, 1.0, 2);

    /** Candidate-bringing bodies (no embedding model), as the warm-up sends when none is loaded. */
    static SyntheticRequests bodies() {
        return SyntheticRequests.of(ServingModels.EMPTY, "recs", List.of(), 5, 42);
    }

    @Test
    void warmUpRanksAreAnsweredAndNeverLogged() throws Exception {
        CannedEndpoints endpoints = new CannedEndpoints();
        WarmUpPass pass = WarmUpPass.random();
        try (ServingServer server = start(endpoints, pass)) {
            long answered = HttpWarmUp.run(URI.create(server.baseUrl()), 2, null, TWO_ROUNDS, pass, bodies());

            assertThat(answered).isGreaterThanOrEqualTo(40);
            assertThat(endpoints.unloggedRanks()).as("rank requests answered 200 without logging").isEqualTo(answered / 2);
            assertThat(endpoints.loggedRanks()).as("rank requests whose decision would be logged").isZero();

            pass.close();
            HttpResponse<String> after = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + "/v1/rank")).header(WarmUpPass.HEADER, pass.secret())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies().get(0))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(endpoints.loggedRanks()).as("the closed pass's header is logged like any request").isEqualTo(1);
        }
    }

    @Test
    void withAClosedPassTheRankRequestsAreRefusedNotRanked() {
        CannedEndpoints endpoints = new CannedEndpoints();
        try (ServingServer server = start(endpoints, WarmUpPass.closed())) {
            long answered = HttpWarmUp.run(URI.create(server.baseUrl()), 2, null, TWO_ROUNDS, WarmUpPass.closed(), bodies());

            assertThat(answered).isGreaterThanOrEqualTo(40);
            assertThat(endpoints.loggedRanks() + endpoints.unloggedRanks()).isZero();
        }
    }

    private static ServingServer start(CannedEndpoints endpoints, WarmUpPass pass) {
        return ServingServer.start(new ServingServer.Settings("127.0.0.1", 0, 64 * 1024, RequestLimits.DEFAULT,
                ApiKeys.disabled()), endpoints, endpoints, new ServingMetrics(), pass);
    }
}
