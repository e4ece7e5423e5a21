package dev.eddy.jobs.join;

import dev.eddy.events.testing.TestKafka;
import dev.eddy.events.testing.TestKafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The join contract on the secured in-process broker: SASL_SSL with SCRAM-SHA-512 as the jobs' principal, ACLs
 * enforced. Every client of the job (sources, exactly-once sinks, topic admin) and of the test gets the credentials
 * through kafka.client.*; exactly-once holds as on the plain broker.
 */
class JoinJobSecureIT extends JoinJobContract {
    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.secure();

    @Override
    TestKafka kafka() {
        return KAFKA.get();
    }

    /**
     * Not run here (an override without @Test is no test): dead-lettering does not depend on how the clients
     * authenticate, and the plain broker's run covers it; this keeps the secured run to the exactly-once checks.
     */
    @Override
    void malformedRecordsGoToDeadLettersAndTheJobContinues() {
    }
}
