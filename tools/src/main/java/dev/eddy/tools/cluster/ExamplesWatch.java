package dev.eddy.tools.cluster;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.CommittedReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Follows {@code eddy.examples} as a read_committed consumer and notes, for each example, when its decision was made
 * and when the example became visible (committed): "the first new committed output after a fault" is the first
 * example of a decision made after the fault.
 */
final class ExamplesWatch implements AutoCloseable {

    private final String bootstrap;
    private final String topic;
    /** Decision time (ms) to the earliest time an example of a decision at that time was seen. */
    private final ConcurrentSkipListMap<Long, Long> seenByDecisionTime = new ConcurrentSkipListMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ExamplesWatch(String bootstrap, String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.thread = new Thread(this::follow, "eddy-cluster-examples-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** When the first example of a decision made after {@code faultMs} was seen; empty while none was. */
    OptionalLong firstAfter(long faultMs) {
        Long seen = seenByDecisionTime.tailMap(faultMs, false).values().stream().min(Long::compare).orElse(null);
        return seen == null ? OptionalLong.empty() : OptionalLong.of(seen);
    }

    /** Seconds from the fault to the first new committed output; waits up to {@code timeout}. */
    double awaitRecovery(long faultMs, Duration timeout) throws InterruptedException {
        long end = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < end) {
            OptionalLong seen = firstAfter(faultMs);
            if (seen.isPresent()) return (seen.getAsLong() - faultMs) / 1000.0;
            Thread.sleep(200);
        }
        throw new IllegalStateException("no committed example of a decision made after the fault within " + timeout.toSeconds() + " s");
    }

    long count() {
        return seenByDecisionTime.size();
    }

    private void follow() {
        try (KafkaConsumer<String, byte[]> consumer = CommittedReader.fromBeginning(KafkaClientProperties.plaintext(bootstrap), List.of(topic))) {
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        long now = System.currentTimeMillis();
                        try {
                            JoinedExample e = EventJson.parseExample(r.value());
                            seenByDecisionTime.merge(e.decision().timestamp().toEpochMilli(), now, Math::min);
                        } catch (Exception unreadable) {
                            // The exactly-once check reads the topic again in full; this only times recoveries.
                        }
                    }
                } catch (org.apache.kafka.common.errors.WakeupException | org.apache.kafka.common.errors.InterruptException e) {
                    return;
                } catch (org.apache.kafka.common.KafkaException e) {
                    // A broker went away: the consumer finds the new leaders on the next poll.
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
