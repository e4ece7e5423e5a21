package dev.eddy.jobs.join;

import dev.eddy.events.testing.TestKafka;
import dev.eddy.events.testing.TestKafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The join contract on the in-process KRaft broker (what CI runs). */
class JoinJobEmbeddedIT extends JoinJobContract {
    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();

    @Override
    TestKafka kafka() {
        return KAFKA.get();
    }
}
