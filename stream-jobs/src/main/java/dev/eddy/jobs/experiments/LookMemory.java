package dev.eddy.jobs.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eddy.bandits.experiment.MetricResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What one read-out of an experiment leaves for the next: the always-valid outputs are running minima and
 * intersections over the looks (the sequential sample-ratio p-value, and per metric and segment the statistics
 * library's previous {@link MetricResult}). Kept in the per-experiment stage's state as JSON, so that a restored job
 * continues the same sequences.
 *
 * @param sampleRatioP the sequential sample-ratio test's running p-value (1 before the first look)
 * @param analyses     the previous analysis per metric and segment ({@link #key})
 */
public record LookMemory(double sampleRatioP, Map<String, MetricResult> analyses) {

    public static final LookMemory FIRST = new LookMemory(1, Map.of());

    // Effects not yet defined are NaN, intervals not yet bounded infinite: written as JSON's non-standard tokens.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    public LookMemory {
        analyses = Map.copyOf(analyses);
    }

    public static String key(String metric, String segment) {
        return metric + '\u0000' + segment;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the experiment's look memory", e);
        }
    }

    public static LookMemory fromJson(byte[] json) {
        if (json == null) return FIRST;
        try {
            return JSON.readValue(json, LookMemory.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the experiment's look memory", e);
        }
    }
}
