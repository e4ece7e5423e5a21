package dev.eddy.jobs.join;

import dev.eddy.connectors.testing.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The join contract on the in-process KRaft broker (what CI runs). */
class JoinJobEmbeddedIT extends JoinJobContract {
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
