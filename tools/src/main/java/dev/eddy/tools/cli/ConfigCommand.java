package dev.eddy.tools.cli;

import dev.eddy.events.config.ConfigKey;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.SecretReferences;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.SecretValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * Lists every config key with its effective value and meaning, after the file and overrides; secret values
 * (passwords, API keys, JAAS configs, tokens: {@link SecretValues}) are shown masked.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show every config key: effective value (after --config and --set; secrets masked), expected form and meaning.")
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        EddyConfig c = options.load();
        var effective = c.effective();
        for (ConfigKey<?> k : AllKeys.all()) {
            if (k.isFamily()) {
                printFamily(c, k);
                continue;
            }
            String v = SecretValues.shown(k.name(), effective.get(k.name()));
            System.out.printf("%-28s = %s%n      %s; %s%n", k.name(), v == null ? "(required, unset)" : v,
                    k.expected(), k.description());
        }
        return 0;
    }

    /** A family's description, then each key set under it; a Kafka password is shown only as a reference. */
    private static void printFamily(EddyConfig c, ConfigKey<?> family) {
        System.out.printf("%-28s   %s; %s%n", family.name(), family.expected(), family.description());
        c.family(family).forEach((property, value) -> {
            boolean hide = KafkaClientProperties.isSecret(property) && !SecretReferences.refersToSecret(value);
            System.out.printf("  %-26s = %s%n", family.familyPrefix() + property, hide ? "[hidden]" : value);
        });
    }
}
