package dev.eddy.recsys.snapshot;

import dev.eddy.events.event.Interaction;

import java.time.Instant;
import java.util.List;

/**
 * Which interactions a model was trained on: their event-time range and count.
 *
 * @param from         earliest event time
 * @param to           latest event time
 * @param interactions how many interactions
 */
public record DataWindow(Instant from, Instant to, long interactions) {
    public static DataWindow of(List<Interaction> interactions) {
        Instant from = null;
        Instant to = null;
        for (Interaction i : interactions) {
            if (i.timestamp() == null) continue;
            if (from == null || i.timestamp().isBefore(from)) from = i.timestamp();
            if (to == null || i.timestamp().isAfter(to)) to = i.timestamp();
        }
        return new DataWindow(from == null ? Instant.EPOCH : from, to == null ? Instant.EPOCH : to, interactions.size());
    }
}
