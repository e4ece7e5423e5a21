package dev.eddy.serving.log;

import dev.eddy.serving.error.EventNotLoggedException;
import dev.eddy.events.kafka.KafkaClientProperties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The durable {@link EventLog} ({@code serving.log.durable}): {@link #offer} sends on the request's own thread and
 * returns only once Kafka acknowledged the record (acks=all, idempotent producer: it is on every in-sync replica, and
 * retries do not duplicate it), so a response implies its event is in the topic and a serving process that dies
 * loses no answered event. When the acknowledgement does not come within the timeout, or Kafka refuses the record,
 * it throws {@link EventNotLoggedException} (503), never waiting longer than the timeout: the producer's metadata
 * wait and its delivery timeout are bounded by it too, so a record this log gave up on is not sent later.
 */
public final class DurableKafkaEventLog implements EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(DurableKafkaEventLog.class);

    private final KafkaProducer<String, byte[]> producer;
    private final Duration timeout;
    private final LongConsumer acknowledged;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    /** Whether the last write failed: a broker outage logs one warning when it starts and one line when it ends. */
    private volatile boolean failing;
    private volatile boolean open = true;

    public DurableKafkaEventLog(KafkaClientProperties kafka, Duration timeout, Map<String, String> producerOverrides) {
        this(kafka, timeout, producerOverrides, nanos -> { });
    }

    /** @param acknowledged told, per acknowledged record, how many nanoseconds its request waited (the durable mode's cost) */
    public DurableKafkaEventLog(KafkaClientProperties kafka, Duration timeout, Map<String, String> producerOverrides,
                                LongConsumer acknowledged) {
        this.timeout = new DurableLogging(true, timeout).timeout();
        this.acknowledged = acknowledged;
        Map<String, Object> p = KafkaEventLog.producerProperties();
        // Every request waits for its own batch: lingering for more records would add the linger to each response.
        // Batches still form on their own while earlier requests to the broker are in flight.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        String ms = Long.toString(timeout.toMillis());
        // Nothing the producer does for one record outlasts the request's wait: the metadata wait (max.block.ms) and
        // the delivery (delivery.timeout.ms >= linger.ms + request.timeout.ms, which Kafka checks) end with it, so a
        // record that got a 503 is not written minutes later by the producer's retries.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "eddy-serving-durable");
        p.putAll(producerOverrides);
        this.producer = kafka.producer(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public boolean waitsForBroker() {
        return true;
    }

    /**
     * Sends the record and waits for Kafka's acknowledgement; true once it is acknowledged.
     *
     * @throws EventNotLoggedException when it was not acknowledged within the timeout, Kafka refused it, or the log
     *                                 is closed
     */
    @Override
    public boolean offer(String topic, String key, byte[] value) {
        if (!open) throw new EventNotLoggedException("not answered: serving is shutting down and logs no more events");
        accepted.incrementAndGet();
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        waiting.incrementAndGet();
        try {
            Future<?> ack = producer.send(new ProducerRecord<>(topic, key, value));
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            sent.incrementAndGet();
            acknowledged.accept(System.nanoTime() - started);
            if (failing) {
                failing = false;
                LOG.info("durable log: Kafka acknowledges records again");
            }
            return true;
        } catch (TimeoutException e) {
            throw notLogged(topic, "Kafka did not acknowledge it within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw notLogged(topic, kafkaReason(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notLogged(topic, "the request was interrupted while waiting for Kafka", e);
        } catch (RuntimeException e) {
            // From send(): no metadata within the timeout (the broker is away), or the producer is closing.
            throw notLogged(topic, kafkaReason(e), e);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private EventNotLoggedException notLogged(String topic, String reason, Throwable cause) {
        failed.incrementAndGet();
        if (!failing) {
            failing = true;
            LOG.warn("durable log: a record for {} was not acknowledged ({}); its request gets 503 until Kafka answers again: {}",
                    topic, reason, cause.toString());
        }
        // The client sees what happened and what to do, never Kafka's exception text.
        return new EventNotLoggedException("not answered: the event could not be logged to Kafka (" + reason
                + "); serving.log.durable is on, so no answer is given without its event in Kafka; retry");
    }

    /** Kafka's timeouts say the broker was not reached; anything else is a refusal, named by its type. */
    private static String kafkaReason(Throwable e) {
        if (e instanceof org.apache.kafka.common.errors.TimeoutException) return "Kafka did not acknowledge it in time";
        return "Kafka refused it: " + e.getClass().getSimpleName();
    }

    /** accepted: offered; sent: acknowledged; failed: answered 503; queued: requests waiting for an acknowledgement. */
    @Override
    public void prepare(java.util.Collection<String> topics) {
        KafkaEventLog.prepare(producer, topics);
    }

    @Override
    public Counts counts() {
        return new Counts(accepted.get(), sent.get(), 0, failed.get(), waiting.get());
    }

    /** Refuses new records; requests still waiting get their acknowledgement or their 503 within the timeout. */
    @Override
    public void close() {
        open = false;
        producer.close(timeout);
    }
}
