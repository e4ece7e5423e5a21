package dev.eddy.tools.bench;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.tools.bench.JoinBenchmark.Options;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.util.concurrent.ExecutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's other process ({@link BrokerProcess} starts it): the embedded broker, the topics and the input.
 * Everything it does costs CPU that must not be counted as the job's. It writes the decisions that wait (if any) and
 * prints {@value #READY} with the bootstrap address; on {@value #PRODUCE} it writes the rest of the input and answers
 * with what it produced; it keeps the broker up until its standard input ends (the parent closed it or died).
 *
 * <p>Arguments: work directory, decisions, reward rate, partitions, candidates, waiting decisions.
 */
public final class BrokerMain {
    static final String READY = "eddy-bench-broker ready";
    /** The command that writes the input beside the waiting decisions; answered with what was produced. */
    static final String PRODUCE = "produce";

    private BrokerMain() {}

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        Options options = new Options(Integer.parseInt(args[1]), Double.parseDouble(args[2]),
                Integer.parseInt(args[3]), 1, Integer.parseInt(args[4]), work, false, Integer.parseInt(args[5]));
        Path kafkaDir = Files.createDirectories(work.resolve("kafka-" + System.nanoTime()));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, true)) {
            EddyConfig config = JoinBenchmark.jobConfig(kafka.bootstrapServers(), options, work, Map.of());
            JoinJob.ensureTopics(config);
            KafkaClientProperties client = KafkaClientProperties.plaintext(kafka.bootstrapServers());
            if (options.waiting() > 0) {
                addWaitingPartition(kafka.bootstrapServers(), config.get(KafkaKeys.TOPIC_DECISIONS), options.partitions());
                BenchInput.produceWaiting(client, config.get(KafkaKeys.TOPIC_DECISIONS), options, System.out);
            }
            System.out.println(READY + " " + kafka.bootstrapServers());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command;
            // The end of input is the signal to stop.
            while ((command = commands.readLine()) != null) {
                if (!command.equals(PRODUCE)) throw new IllegalArgumentException("unknown command: " + command);
                BenchInput.Produced p = BenchInput.produce(client, config.get(KafkaKeys.TOPIC_DECISIONS),
                        config.get(KafkaKeys.TOPIC_REWARDS), options, System.out);
                System.out.printf(Locale.ROOT, "%s%d %d %d %d %s %d%n", BrokerProcess.REPLY, p.decisions(),
                        p.rewards(), p.sentinels(), p.bytes(), p.seconds(), p.waiting());
                System.out.flush();
            }
        }
    }

    /** One more partition of the decisions topic, for the decisions that wait (see {@link JoinBenchmark}). */
    private static void addWaitingPartition(String bootstrap, String decisionsTopic, int partitions) {
        try (Admin admin = KafkaClientProperties.plaintext(bootstrap).admin(Map.of())) {
            admin.createPartitions(Map.of(decisionsTopic, NewPartitions.increaseTo(partitions + 1))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while adding a partition to " + decisionsTopic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot add a partition to " + decisionsTopic, e.getCause());
        }
    }
}
