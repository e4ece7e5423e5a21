package dev.eddy.serving.log;

import dev.eddy.events.kafka.KafkaClientProperties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An {@link EventLog} on Kafka with a bounded in-memory buffer between request threads and one sender thread.
 * Request threads only {@code offer} to the queue, so they never wait for Kafka: {@code KafkaProducer#send} can
 * block for {@code max.block.ms} on missing metadata or a full producer buffer when the broker is away, and only
 * the sender thread pays that. When the queue is full the record is dropped and counted; when Kafka rejects a
 * record (after the producer's own retries) it is counted as failed. Idempotent producer, acks=all: a record
 * Kafka acknowledged is not duplicated by retries.
 */
public final class KafkaEventLog implements EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventLog.class);

    private record Pending(String topic, String key, byte[] value) {}

    private final KafkaProducer<String, byte[]> producer;
    private final BlockingQueue<Pending> queue;
    private final Thread sender;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean open = true;

    public KafkaEventLog(KafkaClientProperties kafka, int bufferRecords, Map<String, String> producerOverrides) {
        if (bufferRecords < 1) throw new IllegalArgumentException("serving.log-buffer must be >= 1, was " + bufferRecords);
        Map<String, Object> p = producerProperties();
        p.putAll(producerOverrides);
        this.producer = kafka.producer(p, new StringSerializer(), new ByteArraySerializer());
        this.queue = new ArrayBlockingQueue<>(bufferRecords);
        this.sender = new Thread(this::sendLoop, "eddy-serving-log");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * The producer settings both logs share (the durable one changes what a waiting request pays for): acks=all
     * and idempotence, so that an acknowledged record is on every in-sync replica and not duplicated by retries.
     */
    static Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Decisions carry their candidates' features (about 10 KB for 100 candidates): with the default 16 KB batches
        // nearly every record opened its own batch, and each lz4 batch allocates its own 128 KB of buffers, a quarter
        // of all that serving allocated under load. Larger batches gathered for longer make that a few per second.
        // 256 KB holds 20 ms of 1,000 decisions/s per partition, and stays below half of G1's 1 MB regions (a 2 GB
        // heap's): a 512 KB buffer was a humongous allocation, and G1 started a concurrent cycle for them every 1-2 s.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // The sender thread may wait this long for metadata while the broker is away; requests never do.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "eddy-serving");
        return p;
    }

    /** {@link EventLog#prepare} for a producer: {@code partitionsFor} each topic (bounded by max.block.ms). */
    static void prepare(KafkaProducer<?, ?> producer, java.util.Collection<String> topics) {
        for (String topic : topics) {
            try {
                producer.partitionsFor(topic);
            } catch (RuntimeException e) {
                LOG.info("could not fetch the metadata of {} ahead of its first record: {}", topic, e.toString());
            }
        }
    }

    @Override
    public boolean waitsForBroker() {
        return false;
    }

    @Override
    public boolean offer(String topic, String key, byte[] value) {
        if (open && queue.offer(new Pending(topic, key, value))) {
            accepted.incrementAndGet();
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    @Override
    public void prepare(java.util.Collection<String> topics) {
        KafkaEventLog.prepare(producer, topics);
    }

    @Override
    public Counts counts() {
        return new Counts(accepted.get(), sent.get(), dropped.get(), failed.get(), queue.size());
    }

    /**
     * Under traffic the sender drains the queue every {@link #GATHER_NANOS} rather than waking for each record: a
     * record offered while nobody waits on the queue costs the request thread no wake-up of another thread, which on
     * a virtual machine is a cross-CPU interrupt (the profile of a loaded server had 40 % of this thread's CPU in
     * waking and parking, one wake-up per decision). When a pause found nothing it waits on the queue again, so an
     * idle server does not poll. The pause adds at most that much to the producer's own {@code linger.ms}.
     */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private void sendLoop() {
        List<Pending> batch = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                send(first);
                // Records keep coming: gather them for a pause, then send what came, until a pause brings none.
                while (true) {
                    if (open) LockSupport.parkNanos(GATHER_NANOS);
                    if (queue.drainTo(batch) == 0) break;
                    for (Pending p : batch) send(p);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send(Pending next) {
        try {
            producer.send(new ProducerRecord<>(next.topic(), next.key(), next.value()), (meta, error) -> {
                if (error == null) {
                    sent.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    LOG.warn("could not log a record to {}: {}", next.topic(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            // Metadata not available within max.block.ms, or the producer is closing.
            failed.incrementAndGet();
            LOG.warn("could not log a record to {}: {}", next.topic(), e.toString());
        }
    }

    /** Stops taking records, sends what is queued (bounded wait), and closes the producer. */
    @Override
    public void close() {
        open = false;
        try {
            sender.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
        int left = queue.size();
        if (left > 0) {
            dropped.addAndGet(left);
            LOG.warn("{} logged records were still queued at shutdown and are lost", left);
        }
    }
}
