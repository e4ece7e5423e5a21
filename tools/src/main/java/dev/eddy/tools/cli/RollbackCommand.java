package dev.eddy.tools.cli;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.serving.cli.BrokerCheck;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.event.ControlCommand;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.EventValidator;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.config.EddyConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Asks the retrain job to roll its model back: one rollback command on the control topic, keyed by the model, sent
 * by an idempotent producer that waits for the broker's acknowledgement, so that "sent" means the job will read it.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Roll the retrain job's model back to an earlier accepted version: writes one rollback command "
                + "to the control topic (topics.control, key = the model) and waits for the broker's ack.",
                "The job that retrains the model publishes a new version (numbers only go up) with the tables and "
                + "held-out metrics of --to-version, which the next retrain then starts from and is gated against. "
                + "A version the job does not keep (it keeps the current one and the retrain.keep-versions before "
                + "it; fold-ins are not kept), or the current one, is written to the dead-letter topic with the "
                + "versions it keeps: `eddy consume -b HOST:PORT dead-letters`."})
final class RollbackCommand implements Callable<Integer> {
    private static final int ACK_TIMEOUT_MS = 30_000;

    @Mixin
    ConfigOptions options;

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "the model to roll back: the retrain job's retrain.model")
    String model;

    @Option(names = "--to-version", required = true, paramLabel = "VERSION",
            description = "the kept version whose tables become current again (>= 1)")
    long toVersion;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why; recorded in the new version's params")
    String reason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Arguments first: a mistake there is reported before any configuration is read or broker contacted.
        if (model.isBlank()) throw new IllegalArgumentException("--model must not be blank");
        if (model.contains("/")) throw new IllegalArgumentException("--model must not contain '/', was '" + model + "'");
        if (toVersion < 1) throw new IllegalArgumentException("--to-version must be >= 1, was " + toVersion);
        if (reason != null && reason.isBlank()) throw new IllegalArgumentException("--reason must not be blank (leave it out instead)");
        EddyConfig c = options.load();
        ControlCommand command = ControlCommand.rollback(model, toVersion, reason, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try {
            // What the job would dead-letter for its form is never sent.
            EventValidator.validate(command);
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String topic = c.get(KafkaKeys.TOPIC_CONTROL);
        KafkaClientProperties kafka = KafkaClientProperties.from(c);
        BrokerCheck.require(kafka, topic);
        byte[] json = EventJson.write(command);
        PrintWriter out = spec.commandLine().getOut();
        try {
            RecordMetadata m = send(kafka, new ProducerRecord<>(topic, model, json));
            out.printf("sent to %s (partition %d, offset %d), key %s: %s%n", topic, m.partition(), m.offset(), model,
                    EventJson.writeString(command));
            out.flush();
            return 0;
        } catch (ExecutionException e) {
            spec.commandLine().getErr().println("eddy rollback: not sent to " + topic + ": " + e.getCause().getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spec.commandLine().getErr().println("eddy rollback: interrupted before the broker acknowledged");
            return 1;
        }
    }

    private static RecordMetadata send(KafkaClientProperties kafka, ProducerRecord<String, byte[]> record)
            throws ExecutionException, InterruptedException {
        Map<String, Object> p = new HashMap<>();
        // Retries cannot write the command twice; acks=all: it is on every in-sync replica when we say "sent".
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // A missing topic or an unreachable broker fails within this, instead of the producer's minute.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(ACK_TIMEOUT_MS));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(ACK_TIMEOUT_MS));
        try (var producer = kafka.producer(p, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(record).get();
        }
    }
}
