package dev.eddy.jobs.config;

import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.Durations;
import dev.eddy.events.config.EddyConfig;

import dev.eddy.jobs.join.JoinSettings;
import dev.eddy.jobs.runtime.FlinkRuntime;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EddyConfigTest {

    @Test
    void unknownKeyFailsWithASuggestion() {
        assertThatThrownBy(() -> EddyConfig.of(Map.of("join.windw", "10m"), EddyKeys.all()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown config key 'join.windw' (did you mean 'join.window'?)");
    }

    @Test
    void badValueNamesTheKeyAndTheExpectedForm() {
        assertThatThrownBy(() -> EddyConfig.of(Map.of("join.window", "ten minutes"), EddyKeys.all()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config key 'join.window' = 'ten minutes' is invalid")
                .hasMessageContaining("a duration such as");
        assertThatThrownBy(() -> EddyConfig.of(Map.of("join.aggregation", "avg"), EddyKeys.all()))
                .hasMessageContaining("'join.aggregation'").hasMessageContaining("[sum, first, max]");
        assertThatThrownBy(() -> EddyConfig.of(Map.of("job.parallelism", "0"), EddyKeys.all()))
                .hasMessageContaining("'job.parallelism'").hasMessageContaining("1..4096");
    }

    @Test
    void rocksDbMemoryPerSlotIsAMemorySizeThatReachesFlink() {
        assertThatThrownBy(() -> EddyConfig.of(Map.of("state.rocksdb.memory-per-slot", "lots"), EddyKeys.all()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'state.rocksdb.memory-per-slot'").hasMessageContaining("512mb");
        var unset = FlinkRuntime.flinkConfiguration(EddyConfig.defaults(EddyKeys.all()));
        assertThat(unset.toMap()).doesNotContainKey("state.backend.rocksdb.memory.fixed-per-slot");
        var set = FlinkRuntime.flinkConfiguration(
                EddyConfig.of(Map.of("state.rocksdb.memory-per-slot", "700mb"), EddyKeys.all()));
        assertThat(MemorySize.parse(
                set.toMap().get("state.backend.rocksdb.memory.fixed-per-slot")).getMebiBytes()).isEqualTo(700);
    }

    @Test
    void rocksDbCompressionIsAListOfLevelsThatReachesFlink() {
        var defaults = FlinkRuntime.flinkConfiguration(EddyConfig.defaults(EddyKeys.all()));
        assertThat(defaults.toMap()).containsEntry("state.backend.rocksdb.compression.per.level",
                "NO_COMPRESSION;NO_COMPRESSION;LZ4_COMPRESSION");
        var none = FlinkRuntime.flinkConfiguration(
                EddyConfig.of(Map.of("state.rocksdb.compression", " None "), EddyKeys.all()));
        assertThat(none.toMap()).containsEntry("state.backend.rocksdb.compression.per.level", "NO_COMPRESSION");
        // Flink reads it as its list of RocksDB compression types.
        assertThat(defaults.get(org.apache.flink.state.rocksdb.RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(org.rocksdb.CompressionType.NO_COMPRESSION, org.rocksdb.CompressionType.NO_COMPRESSION,
                        org.rocksdb.CompressionType.LZ4_COMPRESSION);
        for (String bad : new String[] {"zip", "none,,lz4", ""}) {
            assertThatThrownBy(() -> EddyConfig.of(Map.of("state.rocksdb.compression", bad), EddyKeys.all()))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'state.rocksdb.compression'").hasMessageContaining("none, lz4, snappy");
        }
    }

    @Test
    void requiredKeyIsReportedWhenRead() {
        EddyConfig c = EddyConfig.defaults(EddyKeys.all());
        assertThatThrownBy(() -> c.get(KafkaKeys.BOOTSTRAP))
                .hasMessageStartingWith("missing required config key 'kafka.bootstrap-servers'");
    }

    @Test
    void overridesWinOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eddy.properties");
        Files.writeString(file, "join.window = 2m\njoin.default-reward = 0.5\n# comment\n");
        EddyConfig c = EddyConfig.load(file, Map.of("join.window", "30s"), EddyKeys.all());
        assertThat(c.get(EddyKeys.JOIN_WINDOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.get(EddyKeys.JOIN_DEFAULT_REWARD)).isEqualTo(0.5);
        assertThat(c.get(EddyKeys.JOIN_DEDUP_RETENTION)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> EddyConfig.load(dir.resolve("nope.properties"), Map.of(), EddyKeys.all()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read config file");
    }

    @Test
    void joinSettingsRejectAZeroWindow() {
        EddyConfig c = EddyConfig.of(Map.of("join.window", "0s"), EddyKeys.all());
        assertThatThrownBy(() -> JoinSettings.from(c)).hasMessageContaining("'join.window' must be > 0");
    }

    @Test
    void durationsReadHumanAndIsoForms() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("'soon' is not a duration");
    }
}
