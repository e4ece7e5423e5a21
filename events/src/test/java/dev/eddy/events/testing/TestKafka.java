package dev.eddy.events.testing;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.kafka.embedded.KafkaSecurity;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for integration tests: the in-process KRaft broker, or a Testcontainers broker where a
 * Docker engine runs. Integration tests are written once against this interface and run with both.
 */
public interface TestKafka extends AutoCloseable {

    /** The image for container runs; the same Kafka line as the embedded broker. */
    String KAFKA_IMAGE = "apache/kafka:4.1.1";

    String bootstrapServers();

    /** "embedded", "secure" or "testcontainers", for test names and logs. */
    String kind();

    /** How Eddy's clients reach this broker: the bootstrap servers and, on a secured broker, a user's credentials. */
    default KafkaClientProperties clientProperties() {
        return KafkaClientProperties.plaintext(bootstrapServers());
    }

    /** The {@code kafka.*} config keys of {@link #clientProperties()}, for an Eddy configuration. */
    default java.util.Map<String, String> configKeys() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("kafka.bootstrap-servers", bootstrapServers());
        clientProperties().client().forEach((k, v) -> out.put("kafka.client." + k, v));
        return out;
    }

    @Override
    void close();

    static TestKafka embedded() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        return new TestKafka() {
            @Override public String bootstrapServers() { return kafka.bootstrapServers(); }
            @Override public String kind() { return "embedded"; }
            @Override public void close() { kafka.close(); }
        };
    }

    /**
     * The in-process broker with SASL_SSL and ACLs ({@link EmbeddedKafka#startSecure}); clients are the jobs'
     * principal ({@value KafkaSecurity#JOBS}) with SCRAM-SHA-512.
     */
    static TestKafka secure() {
        EmbeddedKafka kafka = EmbeddedKafka.startSecure();
        KafkaSecurity security = kafka.security().orElseThrow();
        KafkaClientProperties client = KafkaClientProperties.of(kafka.bootstrapServers(), security.scram(KafkaSecurity.JOBS));
        return new TestKafka() {
            @Override public String bootstrapServers() { return kafka.bootstrapServers(); }
            @Override public String kind() { return "secure"; }
            @Override public KafkaClientProperties clientProperties() { return client; }
            @Override public void close() { kafka.close(); }
        };
    }

    static TestKafka container() {
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
        container.start();
        return new TestKafka() {
            @Override public String bootstrapServers() { return container.getBootstrapServers(); }
            @Override public String kind() { return "testcontainers"; }
            @Override public void close() { container.stop(); }
        };
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
