package dev.eddy.serving.model;

import dev.eddy.events.event.Interaction;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a record of the interactions topic does to {@link SeenItems}: a valid interaction is recorded, anything else
 * (a tombstone included) is counted and skipped with one log line naming the reason. Never throws for a record: an
 * exception would stop the follower's poll loop and with it every later interaction.
 */
final class InteractionIntake {
    private static final Logger LOG = LoggerFactory.getLogger(InteractionIntake.class);

    private final SeenItems seen;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    InteractionIntake(SeenItems seen) {
        this.seen = seen;
    }

    /**
     * @param value the record's value, may be null (a tombstone, which is no interaction)
     * @param where where the record is, for the log (topic-partition/offset)
     */
    void accept(byte[] value, String where) {
        try {
            Interaction i = EventJson.parseInteraction(value);
            seen.record(i.userId(), i.itemId());
            recorded.incrementAndGet();
        } catch (InvalidEventException | IllegalArgumentException e) {
            unreadable.incrementAndGet();
            LOG.warn("interactions record at {} skipped: {}", where, e.getMessage());
        }
    }

    long recorded() {
        return recorded.get();
    }

    long unreadable() {
        return unreadable.get();
    }
}
