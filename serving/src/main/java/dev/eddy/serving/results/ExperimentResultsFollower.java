package dev.eddy.serving.results;

import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.serving.log.TopicFollowerThread;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.util.List;

/**
 * Follows the experiments topic (the experiments job's read-outs, keyed by experiment id) into a {@link ResultsStore}
 * on one background thread: from its beginning, committed records only, then as they come. No consumer group: every
 * replica reads everything. The topic is compacted, so after a restart the history starts with what compaction left
 * (at least the newest read-out of each experiment). What each record does is {@link ResultsIntake}'s: a bad one is
 * counted and skipped, never stops the follower.
 */
public final class ExperimentResultsFollower implements AutoCloseable {
    private final ResultsIntake intake;
    private TopicFollowerThread thread;

    private ExperimentResultsFollower(ResultsStore store) {
        this.intake = new ResultsIntake(store);
    }

    /**
     * Starts following {@code topic} from its beginning.
     *
     * @throws IllegalArgumentException if the topic does not exist
     */
    public static ExperimentResultsFollower start(KafkaClientProperties kafka, String topic, ResultsStore store) {
        KafkaConsumer<String, byte[]> consumer = CommittedReader.fromBeginning(kafka, List.of(topic));
        ExperimentResultsFollower f = new ExperimentResultsFollower(store);
        f.thread = TopicFollowerThread.start(consumer,
                r -> f.intake.accept(r.key(), r.value(), r.topic() + "-" + r.partition() + "/" + r.offset()),
                "experiment results follower", "eddy-results-follower-" + topic);
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
        thread.close();
    }
}
