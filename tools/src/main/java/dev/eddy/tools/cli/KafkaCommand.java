package dev.eddy.tools.cli;

import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.kafka.embedded.KafkaSecurity;
import dev.eddy.events.kafka.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the embedded broker until interrupted, for local experiments with the other commands. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = {"Start an embedded single-node Kafka broker (KRaft, 127.0.0.1, free port), create Eddy's topics "
                + "and print the bootstrap address; runs until Ctrl-C.",
                "With --secure: SASL_SSL (SCRAM-SHA-512 or PLAIN over TLS) with a CA and certificates made at start, "
                        + "SCRAM users and ACLs, and an Eddy config file per user for the other commands' --config."})
final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "keep the broker's log (and with --secure its stores and config files) here (must be empty "
                    + "or absent); default: a temporary directory deleted at exit")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions of the event topics (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--secure", description = "authenticated, encrypted and authorized: SASL_SSL on loopback, ACLs; "
            + "prints the config file that every command takes with --config")
    boolean secure;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            try (var entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--data-dir " + dataDir + " is not empty");
                }
            }
        }
        EmbeddedKafka kafka = start();
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            kafka.close();
            stop.countDown();
        }, "eddy-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        KafkaClientProperties admin = kafka.security()
                .map(s -> KafkaClientProperties.of(kafka.bootstrapServers(), s.scram(KafkaSecurity.ADMIN)))
                .orElse(KafkaClientProperties.plaintext(kafka.bootstrapServers()));
        try (TopicAdmin topics = new TopicAdmin(admin)) {
            topics.ensure(EddyTopics.DEFAULT.specs(partitions, (short) 1));
        }
        out.println("bootstrap: " + kafka.bootstrapServers());
        out.println("topics:    " + String.join(", ", EddyTopics.DEFAULT.all()));
        if (kafka.security().isPresent()) {
            printSecurity(out, kafka);
        } else {
            out.println("Use --bootstrap " + kafka.bootstrapServers() + " with the other commands. Ctrl-C stops the broker.");
        }
        out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            // Run on a thread of a larger program (a test): interrupting it stops the broker.
            Runtime.getRuntime().removeShutdownHook(hook);
            kafka.close();
        }
        return 0;
    }

    private EmbeddedKafka start() {
        if (secure) return dataDir != null ? EmbeddedKafka.startSecure(dataDir, false) : EmbeddedKafka.startSecure();
        return dataDir != null ? EmbeddedKafka.start(dataDir, false) : EmbeddedKafka.start();
    }

    private static void printSecurity(PrintWriter out, EmbeddedKafka kafka) {
        KafkaSecurity s = kafka.security().orElseThrow();
        Map<String, Path> files = SecureClientFiles.write(kafka);
        out.println("security:  SASL_SSL (SCRAM-SHA-512 or PLAIN over TLS), ACLs; mutual TLS at "
                + kafka.bootstrapServers(KafkaSecurity.Listener.MUTUAL_TLS) + "; truststore " + s.truststore());
        out.println("config:    " + files.get(KafkaSecurity.ADMIN) + "  (admin, a super user: topics and every command)");
        out.println("           " + files.get(KafkaSecurity.SERVING) + "  (eddy-serving: writes decisions, rewards, "
                + "interactions; reads models, interactions, experiments)");
        out.println("           " + files.get(KafkaSecurity.JOBS) + "  (eddy-jobs: the jobs)");
        out.println("Use --bootstrap " + kafka.bootstrapServers() + " --config " + files.get(KafkaSecurity.ADMIN)
                + " with the other commands. Ctrl-C stops the broker.");
    }
}
