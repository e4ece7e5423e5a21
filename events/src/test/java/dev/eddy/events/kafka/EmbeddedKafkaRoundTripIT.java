package dev.eddy.events.kafka;

import dev.eddy.events.testing.TestKafka;
import dev.eddy.events.testing.TestKafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against the in-process KRaft broker (what CI runs). */
class EmbeddedKafkaRoundTripIT extends KafkaRoundTripContract {
    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();

    @Override
    TestKafka kafka() {
        return KAFKA.get();
    }
}
