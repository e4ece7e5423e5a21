package dev.eddy.events.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * One broker per test class: {@code @RegisterExtension static TestKafkaExtension kafka = TestKafkaExtension.embedded();}.
 */
public final class TestKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<TestKafka> starter;
    private TestKafka kafka;

    private TestKafkaExtension(Supplier<TestKafka> starter) {
        this.starter = starter;
    }

    public static TestKafkaExtension embedded() {
        return new TestKafkaExtension(TestKafka::embedded);
    }

    public static TestKafkaExtension secure() {
        return new TestKafkaExtension(TestKafka::secure);
    }

    public static TestKafkaExtension container() {
        return new TestKafkaExtension(TestKafka::container);
    }

    public TestKafka get() {
        if (kafka == null) throw new IllegalStateException("the broker starts before the first test of the class");
        return kafka;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) kafka.close();
    }
}
