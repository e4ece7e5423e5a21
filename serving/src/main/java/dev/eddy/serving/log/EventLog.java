package dev.eddy.serving.log;

/**
 * Where serving logs decisions, rewards and interactions. The asynchronous log ({@link KafkaEventLog}, the default)
 * never blocks the caller: a record that cannot be taken now is counted as dropped and the request goes on. The
 * durable one ({@link DurableKafkaEventLog}, {@code serving.log.durable}) returns only once Kafka acknowledged the
 * record and throws {@link dev.eddy.serving.error.EventNotLoggedException} (503) when it could not.
 */
public interface EventLog extends AutoCloseable {

    /** Hands one record over for sending; false when it was dropped (buffer full or log closed). */
    boolean offer(String topic, String key, byte[] value);

    /** Counts so far, for /metrics and the demo. */
    Counts counts();

    @Override
    void close();

    record Counts(long accepted, long sent, long dropped, long failed, int queued) {}
}
