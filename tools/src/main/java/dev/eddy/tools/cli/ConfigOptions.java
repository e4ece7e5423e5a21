package dev.eddy.tools.cli;

import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.config.EddyConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration options every job command shares: a file, overrides, and a bootstrap shortcut. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "properties file with Eddy config keys (see `eddy config`)")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one config key; repeatable")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = {"-b", "--bootstrap"}, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (same as --set kafka.bootstrap-servers=...)")
    String bootstrap;

    /** Loads the config; {@code defaults} sit below the file and the overrides. */
    EddyConfig load(Map<String, String> defaults) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        EddyConfig fromFile = EddyConfig.load(file, overrides, AllKeys.all());
        merged.putAll(fromFile.explicit());
        if (bootstrap != null) merged.put(KafkaKeys.BOOTSTRAP.name(), bootstrap);
        return EddyConfig.of(merged, AllKeys.all());
    }

    EddyConfig load() {
        return load(Map.of());
    }
}
