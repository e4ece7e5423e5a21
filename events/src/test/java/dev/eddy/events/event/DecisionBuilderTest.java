package dev.eddy.events.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.events.json.EventJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionBuilderTest {
    private static final Instant T = Instant.parse("2026-11-24T20:15:30Z");

    private static Decision full() {
        return Decision.builder().eventId("d-1").timestamp(T).userId("u").sessionId("s").step(3).experimentId("exp")
                .variant("B").policy("neucb").modelVersion(7L).context(Map.of("user", Map.of("age", 0.3)))
                .candidates(List.of(Candidate.of("a"), Candidate.of("b"))).chosen(List.of(1, 0))
                .probabilities(List.of(0.6, 1.0)).distribution(List.of(0.4, 0.6)).weight(2.0).skipLearn(true).latencyMs(1.5).build();
    }

    @Test
    void setsEachFieldItNames() {
        Decision d = full();
        assertThat(d.eventId()).isEqualTo("d-1");
        assertThat(d.timestamp()).isEqualTo(T);
        assertThat(d.userId()).isEqualTo("u");
        assertThat(d.sessionId()).isEqualTo("s");
        assertThat(d.step()).isEqualTo(3);
        assertThat(d.experimentId()).isEqualTo("exp");
        assertThat(d.variant()).isEqualTo("B");
        assertThat(d.policy()).isEqualTo("neucb");
        assertThat(d.modelVersion()).isEqualTo(7L);
        assertThat(d.context()).isEqualTo(Map.of("user", Map.of("age", 0.3)));
        assertThat(d.candidates()).containsExactly(Candidate.of("a"), Candidate.of("b"));
        assertThat(d.chosen()).containsExactly(1, 0);
        assertThat(d.probabilities()).containsExactly(0.6, 1.0);
        assertThat(d.distribution()).containsExactly(0.4, 0.6);
        assertThat(d.weight()).isEqualTo(2.0);
        assertThat(d.skipLearn()).isTrue();
        assertThat(d.latencyMs()).isEqualTo(1.5);
    }

    @Test
    void fieldsNotSetAreAbsentWithTheRecordsDefaults() {
        Decision d = Decision.builder().eventId("d-2").timestamp(T).build();
        assertThat(d.userId()).isNull();
        assertThat(d.step()).isNull();
        assertThat(d.policy()).isNull();
        assertThat(d.modelVersion()).isNull();
        assertThat(d.distribution()).isNull();
        assertThat(d.context()).isEmpty();
        assertThat(d.candidates()).isEmpty();
        assertThat(d.chosen()).isEmpty();
        assertThat(d.probabilities()).isEmpty();
        assertThat(d.weight()).isEqualTo(1.0);
        assertThat(d.skipLearn()).isFalse();
        assertThat(d.latencyMs()).isNull();
    }

    @Test
    void toBuilderCopiesEveryFieldAndChangesOnlyWhatIsSet() {
        Decision d = full();
        assertThat(d.toBuilder().build()).isEqualTo(d);
        Decision evaluationOnly = d.toBuilder().skipLearn(false).policy(null).build();
        assertThat(evaluationOnly.skipLearn()).isFalse();
        assertThat(evaluationOnly.policy()).isNull();
        assertThat(evaluationOnly.toBuilder().skipLearn(true).policy("neucb").build()).isEqualTo(d);
    }

    @Test
    void theWireFormatHasTheRecordsFieldsOnly() throws Exception {
        List<String> written = new ArrayList<>();
        new ObjectMapper().readTree(EventJson.write(full())).fieldNames().forEachRemaining(written::add);
        List<String> components = java.util.Arrays.stream(Decision.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();
        assertThat(written).containsExactlyInAnyOrderElementsOf(components);
        assertThat(EventJson.parseDecision(EventJson.write(full()))).isEqualTo(full());
    }
}
