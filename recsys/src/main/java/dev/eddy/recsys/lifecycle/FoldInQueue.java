package dev.eddy.recsys.lifecycle;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The users and items waiting for a fold-in: those of the window that the published tables lack. Users are
 * queued as soon as something is published or not (a fold-in needs published tables, so before the first version
 * they only wait); items only once something is published, because before that the first retrain trains on every
 * item of the window. A round takes every waiting user, and the waiting items only every
 * {@code itemInterval} (each version that adds items costs serving a rebuild of an ANN catalogue; new users, the
 * cheap and frequent part, must not wait for that). Not thread-safe.
 */
final class FoldInQueue {
    private final boolean enabled;
    private final long itemIntervalMs;
    private final Set<String> users;
    private final Set<String> items;
    private Set<String> publishedUsers = Set.of();
    /** Null while nothing is published. */
    private Set<String> publishedItems;
    /** When a round last took items (not kept across restarts: after a restore items may go at once). */
    private long lastItemRound = Long.MIN_VALUE / 2;

    /**
     * @param enabled      whether new users and items are folded in at all (queued ones still leave when a retrain
     *                     learns them)
     * @param itemInterval how long items wait at least after the last round that took items
     * @param users        users waiting (restored)
     * @param items        items waiting (restored)
     */
    FoldInQueue(boolean enabled, Duration itemInterval, Collection<String> users, Collection<String> items) {
        this.enabled = enabled;
        this.itemIntervalMs = itemInterval.toMillis();
        this.users = new LinkedHashSet<>(users);
        this.items = new LinkedHashSet<>(items);
    }

    /** The ids of the tables now published: what is in them needs no fold-in. */
    void published(IdTables tables) {
        publishedUsers = Set.of(tables.userIds());
        publishedItems = Set.of(tables.itemIds());
    }

    /** A user's history changed: queues the user and the items the published tables lack; true when any was new. */
    boolean offer(String user, String[] userItems) {
        if (!enabled) return false;
        boolean queued = false;
        if (!publishedUsers.contains(user)) queued = users.add(user);
        queued |= offerItems(userItems);
        return queued;
    }

    private boolean offerItems(String[] userItems) {
        if (publishedItems == null) return false;
        boolean queued = false;
        for (String item : userItems) if (!publishedItems.contains(item)) queued |= items.add(item);
        return queued;
    }

    /**
     * A retrain was published: what it learned no longer waits. Users and items that came while it ran and are
     * still not in the model wait for the next round — items too, which were not queued before the first version.
     */
    void retrained(Map<String, WindowEntry> window) {
        users.removeIf(publishedUsers::contains);
        items.removeIf(publishedItems::contains);
        if (enabled) for (WindowEntry w : window.values()) offerItems(w.items());
    }

    /** A rollback was published: its tables may predate users and items of the window, which then wait. */
    void rolledBack(Map<String, WindowEntry> window) {
        if (!enabled) return;
        for (var e : window.entrySet()) {
            if (!publishedUsers.contains(e.getKey())) users.add(e.getKey());
            offerItems(e.getValue().items());
        }
    }

    /** Whether a round has anything to do (users now or items later), so that one should be scheduled. */
    boolean waiting() {
        return enabled && !(users.isEmpty() && items.isEmpty());
    }

    /**
     * Takes a round's share at processing time {@code now}: every waiting user, and the items when they are due.
     * What is taken no longer waits, whether or not the round can fold it: a user or item that could not be folded
     * is queued again by the next history update that names it, or by the next retrain or rollback, the only ways
     * it can become foldable — so dropping it loses nothing and bounds the queue by what one interval brings.
     */
    Round take(long now) {
        boolean itemsDue = now - lastItemRound >= itemIntervalMs;
        Round r = new Round(List.copyOf(users), itemsDue ? List.copyOf(items) : List.of());
        users.clear();
        if (itemsDue && !items.isEmpty()) {
            items.clear();
            lastItemRound = now;
        }
        return r;
    }

    /** A round's users and items, in the order they were queued. */
    record Round(List<String> users, List<String> items) {}

    String[] users() {
        return users.toArray(String[]::new);
    }

    String[] items() {
        return items.toArray(String[]::new);
    }
}
