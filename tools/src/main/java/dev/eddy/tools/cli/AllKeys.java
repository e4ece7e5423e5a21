package dev.eddy.tools.cli;

import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.ConfigKey;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.serving.config.ServingKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every key any Eddy process reads: the jobs' (with Kafka and topics) and serving's; what `eddy config` lists. */
public final class AllKeys {
    private AllKeys() {}

    public static List<ConfigKey<?>> all() {
        return Stream.concat(EddyKeys.all().stream(), ServingKeys.ALL.stream()).toList();
    }

    /**
     * What is wrong with Eddy settings written somewhere else (a deployment file, a generated config): one message
     * per unknown key (with the closest known key as a hint) or value that does not parse, exactly as a process
     * would fail at start; empty when every setting is one of {@link #all()} with a valid value. All problems are
     * listed, not only the first.
     */
    public static List<String> problems(Map<String, String> settings) {
        List<ConfigKey<?>> keys = all();
        List<String> problems = new ArrayList<>();
        settings.forEach((key, value) -> {
            try {
                EddyConfig.of(Map.of(key, value), keys);
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        });
        return problems;
    }
}
