package dev.eddy.jobs.join;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleJsonTest {

    /** The former writer (Jackson generator with raw values): the byte-copying writer must produce the same bytes. */
    private static byte[] viaJackson(byte[] decision, List<byte[]> rewards, double reward, boolean observed, long end)
            throws Exception {
        ByteArrayBuilder buf = new ByteArrayBuilder();
        try (JsonGenerator g = new JsonFactory().createGenerator(buf, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName("decision");
            g.writeRawValue(new String(decision, StandardCharsets.UTF_8));
            g.writeArrayFieldStart("rewards");
            for (byte[] r : rewards) g.writeRawValue(new String(r, StandardCharsets.UTF_8));
            g.writeEndArray();
            g.writeNumberField("reward", reward);
            g.writeBooleanField("rewardObserved", observed);
            g.writeStringField("windowEnd", Instant.ofEpochMilli(end).toString());
            g.writeEndObject();
        }
        return buf.toByteArray();
    }

    @Test
    void writesTheSameBytesAsTheJacksonGeneratorAndParsesBack() throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00.123Z");
        Decision d = Decision.builder().eventId("ü-1 \"x\"").timestamp(t).userId("user-é").policy("neucb").modelVersion(3L)
                .context(Map.of("user", Map.of("country=DE", 1.0, "age", 0.37)))
                .candidates(List.of(new Candidate("a", Map.of("item", Map.of("price", 12.5))), Candidate.of("b")))
                .chosen(List.of(1)).probabilities(List.of(0.25)).build();
        byte[] dj = EventJson.write(d);
        byte[] r1 = EventJson.write(Reward.of(d.eventId(), t.plusMillis(10), 1.5));
        byte[] r2 = EventJson.write(new Reward(d.eventId(), t.plusMillis(20), 1e-7, 2, "click", "r2"));
        long end = t.toEpochMilli() + 10_000;
        for (List<byte[]> rewards : List.of(List.<byte[]>of(), List.of(r1), List.of(r1, r2))) {
            for (double reward : new double[]{0.0, -0.25, 3.5, 1e-7, 123456789.0, 1e22}) {
                for (boolean observed : new boolean[]{true, false}) {
                    byte[] got = ExampleJson.write(dj, rewards, reward, observed, end);
                    assertThat(new String(got, StandardCharsets.UTF_8))
                            .isEqualTo(new String(viaJackson(dj, rewards, reward, observed, end), StandardCharsets.UTF_8));
                }
            }
        }
        JoinedExample e = EventJson.parseExample(ExampleJson.write(dj, List.of(r1, r2), 1.5000001, true, end));
        assertThat(e.decision()).isEqualTo(d);
        assertThat(e.rewards()).hasSize(2);
        assertThat(e.reward()).isEqualTo(1.5000001);
        assertThat(e.windowEnd()).isEqualTo(Instant.ofEpochMilli(end));
    }
}
