package dev.eddy.jobs.join;

import dev.eddy.connectors.testing.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The join contract on a Testcontainers broker; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class JoinJobContainerIT extends JoinJobContract {
    private static TestKafka kafka;

    @BeforeAll
    static void start() {
        kafka = TestKafka.container();
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
