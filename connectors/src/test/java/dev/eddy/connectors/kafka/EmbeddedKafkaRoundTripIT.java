package dev.eddy.connectors.kafka;

import dev.eddy.connectors.testing.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against the in-process KRaft broker (what CI runs). */
class EmbeddedKafkaRoundTripIT extends KafkaRoundTripContract {
    private static TestKafka kafka;

    @BeforeAll
    static void start() {
        kafka = TestKafka.embedded();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Override
    TestKafka kafka() {
        return kafka;
    }
}
