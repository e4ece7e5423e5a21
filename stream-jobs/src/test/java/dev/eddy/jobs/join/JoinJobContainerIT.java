package dev.eddy.jobs.join;

import dev.eddy.events.testing.TestKafka;
import dev.eddy.events.testing.TestKafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The join contract on a Testcontainers broker; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class JoinJobContainerIT extends JoinJobContract {
    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.container();

    @Override
    TestKafka kafka() {
        return KAFKA.get();
    }
}
