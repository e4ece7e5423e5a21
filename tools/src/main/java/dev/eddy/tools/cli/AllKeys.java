package dev.eddy.tools.cli;

import dev.eddy.events.config.ConfigKey;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.serving.config.ServingKeys;

import java.util.List;
import java.util.stream.Stream;

/** Every key any Eddy process reads: the jobs' (with Kafka and topics) and serving's; what `eddy config` lists. */
public final class AllKeys {
    private AllKeys() {}

    public static List<ConfigKey<?>> all() {
        return Stream.concat(EddyKeys.all().stream(), ServingKeys.ALL.stream()).toList();
    }
}
