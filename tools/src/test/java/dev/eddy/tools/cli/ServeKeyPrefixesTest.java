package dev.eddy.tools.cli;

import dev.eddy.events.config.ConfigKey;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.serving.ServeCommand;
import org.junit.jupiter.api.Test;

import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `eddy serve` skips the jobs' keys of a shared config file by their prefixes (serving cannot see the jobs' keys);
 * this keeps that list in agreement with the jobs' keys, so no job key makes serving fail and no prefix is stale.
 */
class ServeKeyPrefixesTest {

    @Test
    void servingSkipsExactlyThePrefixesOfTheJobsOwnKeys() {
        TreeSet<String> jobPrefixes = new TreeSet<>();
        for (ConfigKey<?> k : EddyKeys.all()) {
            if (KafkaKeys.ALL.contains(k)) continue;
            jobPrefixes.add(k.name().substring(0, k.name().indexOf('.') + 1));
        }
        assertThat(new TreeSet<>(ServeCommand.JOB_PREFIXES)).isEqualTo(jobPrefixes);
    }
}
