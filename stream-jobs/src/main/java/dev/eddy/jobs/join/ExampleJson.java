package dev.eddy.jobs.join;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Writes a joined example (the {@code JoinedExample} wire format) from the canonical JSON the join already holds,
 * without parsing the decision again: the decision and rewards were validated on the way in.
 */
final class ExampleJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ExampleJson() {}

    static byte[] write(byte[] decisionJson, List<byte[]> rewardJsons, double reward, boolean observed, long windowEnd) {
        ByteArrayBuilder buf = new ByteArrayBuilder(decisionJson.length + 128 + 96 * rewardJsons.size());
        try (JsonGenerator g = FACTORY.createGenerator(buf, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName("decision");
            g.writeRawValue(new String(decisionJson, StandardCharsets.UTF_8));
            g.writeArrayFieldStart("rewards");
            for (byte[] r : rewardJsons) g.writeRawValue(new String(r, StandardCharsets.UTF_8));
            g.writeEndArray();
            g.writeNumberField("reward", reward);
            g.writeBooleanField("rewardObserved", observed);
            g.writeStringField("windowEnd", Instant.ofEpochMilli(windowEnd).toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }
}
