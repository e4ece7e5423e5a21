package dev.eddy.events.testing;

import dev.eddy.kafka.embedded.EmbeddedKafka;
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

    /** "embedded" or "testcontainers", for test names and logs. */
    String kind();

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
