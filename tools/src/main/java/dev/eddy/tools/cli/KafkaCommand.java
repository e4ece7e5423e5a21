package dev.eddy.tools.cli;

import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.events.kafka.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the embedded broker until interrupted, for local experiments with the other commands. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Start an embedded single-node Kafka broker (KRaft, 127.0.0.1, free port), create Eddy's topics "
                + "and print the bootstrap address; runs until Ctrl-C.")
final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "keep the broker's log here (must be empty or absent); default: a temporary directory deleted at exit")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions of the event topics (default: ${DEFAULT-VALUE})")
    int partitions;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafka kafka;
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            try (var entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--data-dir " + dataDir + " is not empty");
                }
            }
            kafka = EmbeddedKafka.start(dataDir, false);
        } else {
            kafka = EmbeddedKafka.start();
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stop.countDown();
        }, "eddy-kafka-shutdown"));
        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            admin.ensure(EddyTopics.DEFAULT.specs(partitions, (short) 1));
        }
        System.out.println("bootstrap: " + kafka.bootstrapServers());
        System.out.println("topics:    " + String.join(", ", EddyTopics.DEFAULT.all()));
        System.out.println("Use --bootstrap " + kafka.bootstrapServers() + " with the other commands. Ctrl-C stops the broker.");
        System.out.flush();
        stop.await();
        return 0;
    }
}
