package dev.eddy.tools.cli;

import dev.eddy.events.config.Durations;
import picocli.CommandLine.ITypeConverter;

import java.time.Duration;

/** Lets options take "45s", "2m", "500ms" or ISO-8601 durations. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value);
    }
}
