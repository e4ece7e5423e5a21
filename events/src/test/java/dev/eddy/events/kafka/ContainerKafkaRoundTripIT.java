package dev.eddy.events.kafka;

import dev.eddy.events.testing.TestKafka;
import dev.eddy.events.testing.TestKafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same contract against a Testcontainers broker; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaRoundTripIT extends KafkaRoundTripContract {
    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.container();

    @Override
    TestKafka kafka() {
        return KAFKA.get();
    }
}
