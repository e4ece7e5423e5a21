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

    /**
     * Fetches, sending nothing, what the first record to each of {@code topics} would otherwise wait for: the topics'
     * metadata (partitions and their leaders) and a connection to the cluster. Serving does it before it is ready, so
     * that its first real decisions do not queue behind a metadata round trip. Failures are logged, not thrown: the
     * first send fetches again.
     */
    default void prepare(java.util.Collection<String> topics) {}

    /**
     * Whether {@link #offer} waits for the broker (the durable log): then a request that logs must not run on a thread
     * that reads other requests.
     */
    boolean waitsForBroker();

    /** Counts so far, for /metrics and the demo. */
    Counts counts();

    @Override
    void close();

    record Counts(long accepted, long sent, long dropped, long failed, int queued) {}
}
