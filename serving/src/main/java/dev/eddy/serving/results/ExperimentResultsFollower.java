package dev.eddy.serving.results;

import dev.eddy.events.kafka.CommittedReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Follows the experiments topic (the experiments job's read-outs, keyed by experiment id) into a {@link ResultsStore}
 * on one background thread: from its beginning, committed records only, then as they come. No consumer group: every
 * replica reads everything. The topic is compacted, so after a restart the history starts with what compaction left
 * (at least the newest read-out of each experiment). What each record does is {@link ResultsIntake}'s: a bad one is
 * counted and skipped, never stops the follower.
 */
public final class ExperimentResultsFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentResultsFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ResultsIntake intake;
    private final Thread thread;
    private volatile boolean running = true;

    private ExperimentResultsFollower(KafkaConsumer<String, byte[]> consumer, ResultsStore store, String topic) {
        this.consumer = consumer;
        this.intake = new ResultsIntake(store);
        this.thread = new Thread(this::run, "eddy-results-follower-" + topic);
        this.thread.setDaemon(true);
    }

    /**
     * Starts following {@code topic} from its beginning.
     *
     * @throws IllegalArgumentException if the topic does not exist
     */
    public static ExperimentResultsFollower start(String bootstrapServers, String topic, ResultsStore store) {
        ExperimentResultsFollower f = new ExperimentResultsFollower(
                CommittedReader.fromBeginning(bootstrapServers, List.of(topic)), store, topic);
        f.thread.start();
        return f;
    }

    /** Read-outs stored so far. */
    public long readOuts() {
        return intake.readOuts();
    }

    /** Records skipped because they were not valid read-outs. */
    public long unreadable() {
        return intake.unreadable();
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
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    intake.accept(r.key(), r.value(), r.topic() + "-" + r.partition() + "/" + r.offset());
                }
            }
        } catch (WakeupException e) {
            if (running) LOG.error("experiment results follower woken up while running", e);
        } catch (RuntimeException e) {
            LOG.error("experiment results follower stopped: the results read so far stay", e);
        }
    }
}
