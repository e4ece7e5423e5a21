package dev.eddy.events.event;

import java.time.Instant;

/**
 * Implicit or explicit feedback of a user on an item, the input of recommender training.
 *
 * @param eventId   optional unique id (dedup)
 * @param timestamp event time
 * @param userId    the user
 * @param itemId    the item
 * @param type      view, click, purchase, rating, ... (free text; "click" if absent)
 * @param value     strength of the signal (1 if absent; the rating for ratings)
 */
public record Interaction(String eventId, Instant timestamp, String userId, String itemId, String type, Double value) {
    public Interaction {
        type = type == null ? "click" : type;
        value = value == null ? 1.0 : value;
    }
}
