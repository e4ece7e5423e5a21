package dev.eddy.tools.cli;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.kafka.KafkaClientProperties;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --config} for the commands that name their broker with {@code -b} and read no other key (replay, bench
 * models): the file's {@code kafka.client.*} keys (security, credentials) go to every Kafka client they make.
 */
final class KafkaConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Eddy config file whose kafka.client.* keys (security, credentials) the Kafka clients use, "
                    + "e.g. the one `eddy kafka --secure` prints; its other keys are checked but unused")
    Path file;

    /** The client properties for {@code bootstrap} (which wins over the file's kafka.bootstrap-servers). */
    KafkaClientProperties at(String bootstrap) {
        if (file == null) return KafkaClientProperties.plaintext(bootstrap);
        EddyConfig c = EddyConfig.load(file, Map.of(KafkaKeys.BOOTSTRAP.name(), bootstrap), AllKeys.all());
        return KafkaClientProperties.from(c);
    }
}
