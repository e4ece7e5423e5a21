package dev.eddy.serving.http;

import dev.eddy.serving.error.InvalidRequestException;
import dev.eddy.serving.error.RequestTooLargeException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestCheckingTest {
    private final RequestValidator validator = new RequestValidator(new RequestLimits(50, 5, 20, 16));

    private static RankRequest rank(String json) {
        return RequestBodies.parse(json.getBytes(StandardCharsets.UTF_8), RankRequest.class);
    }

    private InvalidRequestException rejected(String json) {
        try {
            validator.validate(rank(json));
        } catch (InvalidRequestException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void aMinimalRankRequestIsValid() {
        RankRequest r = rank("{\"userId\":\"u1\",\"k\":3}");
        validator.validate(r);
        assertThat(r.candidates()).isNull();
    }

    @Test
    void namesTheFieldOfEveryProblem() {
        assertThat(rejected("{\"k\":3}").field()).isEqualTo("userId");
        assertThat(rejected("{\"userId\":\"u\"}").field()).isEqualTo("k");
        assertThat(rejected("{\"userId\":\"u\",\"k\":0}").getMessage()).contains("k: must be in 1..50, was 0");
        assertThat(rejected("{\"userId\":\"u\",\"k\":51}").field()).isEqualTo("k");
        assertThat(rejected("{\"userId\":\"  \",\"k\":1}").field()).isEqualTo("userId");
        assertThat(rejected("{\"userId\":\"01234567890123456\",\"k\":1}").getMessage()).contains("longer than 16");
        assertThat(rejected("{\"userId\":\"u\",\"k\":1,\"step\":-1}").field()).isEqualTo("step");
        assertThat(rejected("{\"userId\":\"u\",\"k\":3,\"candidates\":[{\"id\":\"a\"},{\"id\":\"b\"}]}").getMessage())
                .contains("k: must be <= the number of candidates (2)");
        assertThat(rejected("{\"userId\":\"u\",\"k\":1,\"candidates\":[{\"id\":\"a\"},{\"id\":\"a\"}]}").field())
                .isEqualTo("candidates[1].id");
        assertThat(rejected("{\"userId\":\"u\",\"k\":1,\"candidates\":[]}").field()).isEqualTo("candidates");
        assertThat(rejected("{\"userId\":\"u\",\"k\":1,\"candidates\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"},"
                + "{\"id\":\"d\"},{\"id\":\"e\"},{\"id\":\"f\"}]}").getMessage()).contains("at most 5");
        assertThat(rejected("{\"userId\":\"u\",\"k\":1,\"context\":{\"user\":{\"age\":1e400}}}").field())
                .isEqualTo("context.user.age");
        assertThat(rejected("{\"userId\":\"u\",\"k\":1,\"candidates\":[{\"id\":\"a\",\"features\":{\"i\":{\"x\":null}}}]}").field())
                .isEqualTo("candidates[0].features.i.x");
    }

    @Test
    void tooManyFeatureValuesAreTooLarge() {
        StringBuilder ctx = new StringBuilder("{");
        for (int i = 0; i < 21; i++) ctx.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
        assertThatThrownBy(() -> validator.validate(rank("{\"userId\":\"u\",\"k\":1,\"context\":{\"ns\":" + ctx + "}}}")))
                .isInstanceOf(RequestTooLargeException.class).hasMessageContaining("too many feature values: 21 > 20");
    }

    @Test
    void jsonProblemsAre400sWithThePath() {
        assertThatThrownBy(() -> rank("{\"userId\":\"u\",\"k\":")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("malformed JSON at line 1");
        assertThatThrownBy(() -> rank("{\"userId\":\"u\",\"k\":\"three\"}")).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("k"));
        assertThatThrownBy(() -> rank("{\"userId\":\"u\",\"k\":1,\"experimentID\":\"x\"}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("experimentID: unknown field");
        // A string is a categorical feature (x=y); null is no form of feature.
        assertThat(rank("{\"userId\":\"u\",\"k\":1,\"candidates\":[{\"id\":\"a\",\"features\":{\"i\":{\"x\":\"y\"}}}]}")
                .candidates().get(0).features()).isEqualTo(Map.of("i", Map.of("x=y", 1.0)));
        assertThatThrownBy(() -> rank("{\"userId\":\"u\",\"k\":1,\"candidates\":[{\"id\":\"a\",\"features\":{\"i\":{\"x\":[null]}}}]}"))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("candidates[0].features.i.x[0]"));
        assertThatThrownBy(() -> rank("")).isInstanceOf(InvalidRequestException.class).hasMessageContaining("needs a JSON body");
        assertThatThrownBy(() -> rank("[1]")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> rank("null")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void rewardsAndEventsAreChecked() {
        RewardRequest noValue = RequestBodies.parse("{\"eventId\":\"e\"}".getBytes(), RewardRequest.class);
        assertThatThrownBy(() -> validator.validate(noValue)).hasMessageContaining("value: is required");
        RewardRequest ok = RequestBodies.parse("{\"eventId\":\"e\",\"value\":1,\"slot\":0}".getBytes(), RewardRequest.class);
        validator.validate(ok);
        EventRequest noItem = RequestBodies.parse("{\"userId\":\"u\"}".getBytes(), EventRequest.class);
        assertThatThrownBy(() -> validator.validate(noItem)).hasMessageContaining("itemId: is required");
        assertThatThrownBy(() -> RequestBodies.parse("{\"userId\":\"u\",\"itemId\":\"i\",\"timestamp\":\"yesterday\"}".getBytes(),
                EventRequest.class)).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("timestamp"));
    }

    @Test
    void apiKeysAcceptOnlyConfiguredBearerKeys() {
        ApiKeys keys = ApiKeys.of(List.of("s3cret-one", "s3cret-two"));
        assertThat(keys.allows("Bearer s3cret-one")).isTrue();
        assertThat(keys.allows("bearer s3cret-two")).isTrue();
        assertThat(keys.allows("Bearer s3cret-on")).isFalse();
        assertThat(keys.allows("Bearer ")).isFalse();
        assertThat(keys.allows("s3cret-one")).isFalse();
        assertThat(keys.allows(null)).isFalse();
        assertThat(ApiKeys.disabled().allows(null)).isTrue();
        assertThatThrownBy(() -> ApiKeys.of(List.of(" "))).hasMessageContaining("serving.api-keys");
    }
}
