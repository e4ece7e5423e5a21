package dev.eddy.jobs.replay;

import dev.eddy.events.kafka.KafkaClientProperties;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code --from} values into a {@link ReplayInput}: file paths (one format), {@code kafka:TOPIC} with a time
 * range, or {@code synthetic:N} for a generated log with known truth.
 */
public final class ReplaySources {
    private ReplaySources() {}

    public static ReplayInput parse(List<String> from, LogFormat format, KafkaClientProperties kafka, String since,
                                    String until, long seed, int syntheticActions) {
        if (from.isEmpty()) throw new IllegalArgumentException("--from names no input");
        String first = from.get(0);
        if (first.startsWith("kafka:") || first.startsWith("synthetic:")) {
            if (from.size() > 1) throw new IllegalArgumentException("--from " + first + " cannot be combined with other inputs");
            if (first.startsWith("kafka:")) {
                String topic = first.substring("kafka:".length());
                if (topic.isBlank()) throw new IllegalArgumentException("--from kafka: names no topic");
                if (format != LogFormat.EDDY) {
                    throw new IllegalArgumentException("--from kafka: reads joined examples; --format must be eddy");
                }
                return new ReplayInput.KafkaTopic(kafka, topic, instant("--since", since, Instant.EPOCH),
                        instant("--until", until, Instant.now()));
            }
            long n;
            try {
                n = Long.parseLong(first.substring("synthetic:".length()).replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--from " + first + ": expected synthetic:NUMBER_OF_EVENTS");
            }
            return new ReplayInput.Synthetic(n, new SyntheticLog(seed, syntheticActions, SyntheticLog.DEFAULT_TEMPERATURE));
        }
        if (since != null || until != null) throw new IllegalArgumentException("--since/--until only apply to --from kafka:TOPIC");
        List<Path> files = new ArrayList<>();
        for (String f : from) files.add(Path.of(f));
        return new ReplayInput.LogFiles(files, format);
    }

    private static Instant instant(String option, String text, Instant otherwise) {
        if (text == null) return otherwise;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not an ISO-8601 instant such as 2026-11-24T00:00:00Z");
        }
    }
}
