package dev.eddy.serving.log;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One background thread that polls an already positioned consumer and hands every record to {@code handler}, until
 * closed; the serving followers of a topic (interactions, experiment results) run on it. A handler must not throw for a
 * bad record (count and skip it): an exception out of it stops the follower, logged, with what it read so far kept.
 */
public final class TopicFollowerThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollowerThread.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final String what;
    private final Thread thread;
    private volatile boolean running = true;

    private TopicFollowerThread(KafkaConsumer<String, byte[]> consumer, Consumer<ConsumerRecord<String, byte[]>> handler,
                                String what, String threadName) {
        this.consumer = consumer;
        this.handler = handler;
        this.what = what;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts polling; {@code what} names the follower in its log lines, e.g. "interactions follower". */
    public static TopicFollowerThread start(KafkaConsumer<String, byte[]> consumer,
                                            Consumer<ConsumerRecord<String, byte[]>> handler, String what,
                                            String threadName) {
        TopicFollowerThread t = new TopicFollowerThread(consumer, handler, what, threadName);
        t.thread.start();
        return t;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void run() {
        try (consumer) {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) handler.accept(r);
            }
        } catch (WakeupException e) {
            if (running) LOG.error("{} woken up while running", what, e);
        } catch (RuntimeException e) {
            LOG.error("{} stopped: what it read so far stays", what, e);
        }
    }
}
