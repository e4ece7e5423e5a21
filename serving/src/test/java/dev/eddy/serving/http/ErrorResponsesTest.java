package dev.eddy.serving.http;

import dev.eddy.serving.error.InvalidRequestException;
import dev.eddy.serving.error.EventNotLoggedException;
import dev.eddy.serving.error.ModelNotReadyException;
import dev.eddy.serving.error.NoItemsLeftException;
import dev.eddy.serving.error.RequestTooLargeException;
import dev.eddy.serving.experiment.UnknownExperimentException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What each way a request can fail is answered with: status, headers and {@code {"error", "field"}}. */
class ErrorResponsesTest {

    private static ErrorResponses.ErrorResponse answer(Exception e) {
        return ErrorResponses.of(e);
    }

    @Test
    void anInvalidRequestIs400NamingTheField() {
        var r = answer(new InvalidRequestException("candidates[2].id", "must not be blank"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(new ApiError("candidates[2].id: must not be blank", "candidates[2].id"));
        assertThat(r.headers()).isEmpty();
        assertThat(answer(new InvalidRequestException(null, "the request needs a JSON body")).body())
                .isEqualTo(new ApiError("the request needs a JSON body", null));
    }

    @Test
    void aRejectedApiKeyIs401AskingForABearerToken() {
        var r = answer(new ApiKeyRejectedException());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers()).containsExactly(Map.entry("WWW-Authenticate", "Bearer"));
        assertThat(r.body().error()).contains("API key").doesNotContain("Exception");
    }

    @Test
    void anUnknownExperimentIs404NamingExperimentId() {
        var r = answer(new UnknownExperimentException("nope", List.of("home", "b")));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo(new ApiError("experimentId: unknown experiment 'nope'; known: home, b", "experimentId"));
    }

    @Test
    void tooLargeIs413() {
        var r = answer(new RequestTooLargeException("context", "too many feature values: 21 > 20"));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).isEqualTo(new ApiError("too many feature values: 21 > 20", "context"));
    }

    @Test
    void aModelNotReadyIs503WithRetryAfterInSeconds() {
        var r = answer(new ModelNotReadyException(null, "model 'm' is not loaded yet and serving.fallback is none"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers()).containsExactly(Map.entry("Retry-After",
                Long.toString(ModelNotReadyException.RETRY_AFTER.toSeconds())));
        assertThat(r.body()).isEqualTo(new ApiError("model 'm' is not loaded yet and serving.fallback is none", null));

        var noItems = answer(new NoItemsLeftException("candidates", "the embedding model has no items left to recommend"));
        assertThat(noItems.status()).isEqualTo(503);
        assertThat(noItems.body().field()).isEqualTo("candidates");
        assertThat(noItems.headers()).containsEntry("Retry-After", Long.toString(NoItemsLeftException.RETRY_AFTER.toSeconds()));
    }

    @Test
    void anEventThatDurableLoggingCouldNotWriteIs503WithRetryAfterOneSecond() {
        var r = answer(new EventNotLoggedException("not answered: the event could not be logged to Kafka (Kafka did "
                + "not acknowledge it within 5000 ms); serving.log.durable is on, so no answer is given without its event in Kafka; retry"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers()).containsExactly(Map.entry("Retry-After", "1"));
        assertThat(r.body().error()).startsWith("not answered: the event could not be logged to Kafka");
        assertThat(r.body().field()).isNull();
    }

    @Test
    void retryAfterRoundsUpToWholeSecondsOfAtLeastOne() {
        assertThat(ErrorResponses.seconds(Duration.ZERO)).isEqualTo(1);
        assertThat(ErrorResponses.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(ErrorResponses.seconds(Duration.ofSeconds(5))).isEqualTo(5);
        assertThat(ErrorResponses.seconds(Duration.ofMillis(5001))).isEqualTo(6);
    }

    @Test
    void javalinsOwnRefusalsKeepTheirStatusInTheSameBody() {
        var notFound = answer(new NotFoundResponse("Endpoint GET /v1/nothing not found"));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.body()).isEqualTo(new ApiError("Endpoint GET /v1/nothing not found", null));
        var wrongMethod = answer(new MethodNotAllowedResponse("Method not allowed", Map.of("availableMethods", "POST")));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.headers()).containsExactly(Map.entry("Allow", "POST"));
    }

    @Test
    void anythingElseIs500WithoutInternals() {
        Exception bug = new IllegalStateException("dev.eddy.serving.model.Secret broke: java.lang.NullPointerException",
                new NullPointerException("at dev.eddy.serving.RecommendationService.rank(RecommendationService.java:1)"));
        var r = answer(bug);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo(new ApiError(ErrorResponses.INTERNAL_ERROR, null));
        assertThat(r.headers()).isEmpty();
        assertThat(answer(new io.javalin.http.InternalServerErrorResponse("java.lang.Error: x")).body())
                .isEqualTo(new ApiError(ErrorResponses.INTERNAL_ERROR, null));
    }
}
