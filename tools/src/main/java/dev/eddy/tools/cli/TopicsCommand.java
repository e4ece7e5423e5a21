package dev.eddy.tools.cli;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.serving.cli.BrokerCheck;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.config.EddyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** Creates (idempotently) and describes Eddy's standard topics. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create Eddy's standard topics where missing (names from config), then describe them.")
final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--describe-only", description = "only describe; create nothing")
    boolean describeOnly;

    @Override
    public Integer call() {
        EddyConfig c = options.load();
        var topics = KafkaKeys.topics(c);
        KafkaClientProperties kafka = KafkaClientProperties.from(c);
        BrokerCheck.require(kafka);
        try (TopicAdmin admin = new TopicAdmin(kafka)) {
            if (!describeOnly) {
                var created = admin.ensure(topics.specs(c.get(KafkaKeys.TOPIC_PARTITIONS),
                        c.get(KafkaKeys.TOPIC_REPLICATION).shortValue()));
                System.out.println(created.isEmpty() ? "all topics exist" : "created: " + String.join(", ", created));
            }
            System.out.printf("%-24s %10s %11s  %s%n", "topic", "partitions", "replication", "configs");
            for (var t : admin.describe(topics.all())) {
                System.out.printf("%-24s %10d %11d  %s%n", t.name(), t.partitions(), t.replicationFactor(), t.configs());
            }
            for (String name : topics.all()) {
                if (admin.describe(java.util.List.of(name)).isEmpty()) System.out.printf("%-24s (missing)%n", name);
            }
        }
        return 0;
    }
}
