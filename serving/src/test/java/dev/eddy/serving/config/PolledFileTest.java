package dev.eddy.serving.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A polled file is changed when its modification time or size differs; a missing one is reported once in a row. */
class PolledFileTest {
    @Test
    void changedOnceForEachNewTimeOrSizeAndMissingOnceInARow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "a");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-06T10:00:00Z")));
        PolledFile polled = new PolledFile(file);
        polled.stamp();
        assertThat(polled.changed()).isFalse();

        Files.writeString(file, "b");   // same size: the time tells
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-06T10:00:01Z")));
        assertThat(polled.changed()).isTrue();
        assertThat(polled.changed()).as("noted").isFalse();

        Files.writeString(file, "bb");  // same time: the size tells
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-06T10:00:01Z")));
        assertThat(polled.changed()).isTrue();

        Files.delete(file);
        assertThatThrownBy(polled::changed).isInstanceOf(IOException.class);
        assertThat(polled.noteMissing()).isTrue();
        assertThat(polled.noteMissing()).as("once in a row").isFalse();
        Files.writeString(file, "bb");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-06T10:00:01Z")));
        assertThat(polled.changed()).as("back, even as it was").isTrue();
        assertThat(polled.noteMissing()).as("missing again after it came back").isTrue();
    }
}
