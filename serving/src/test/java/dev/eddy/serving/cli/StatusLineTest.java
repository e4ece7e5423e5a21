package dev.eddy.serving.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;

class StatusLineTest {

    @Test
    void aStatusLineIsShortFieldsAfterTheTimeAndTheCommand() {
        String line = StatusLine.at("join", LocalTime.of(9, 5, 7)).count("in", 12_345).count("out", 1)
                .duration("watermark lag", Duration.ofSeconds(75)).duration("idle", null).field("checkpoint", "#3")
                .toString();
        assertThat(line).isEqualTo("09:05:07 join | in 12,345 | out 1 | watermark lag 1 min 15 s | idle - | checkpoint #3");
        assertThat(line.length()).isLessThan(100);
    }

    @Test
    void durationsAndCountsReadAsWords() {
        assertThat(StatusLine.format(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(StatusLine.format(Duration.ofSeconds(10))).isEqualTo("10 s");
        assertThat(StatusLine.format(Duration.ofSeconds(120))).isEqualTo("2 min");
        assertThat(StatusLine.format(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(StatusLine.format(Duration.ofHours(294))).isEqualTo("12 d 6 h");
        assertThat(StatusLine.plural(1, "record")).isEqualTo("1 record");
        assertThat(StatusLine.plural(0, "record")).isEqualTo("0 records");
        assertThat(StatusLine.plural(2_000, "record")).isEqualTo("2,000 records");
    }
}
