package dev.eddy.serving.model;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What each user has seen lately, to exclude from retrieval: per user the most recent {@code itemsPerUser} distinct
 * items, for at most {@code maxUsers} users (the least recently active user is dropped first). Fed by an
 * {@link InteractionFollower} and by serving itself ({@link #record}). Thread-safe: one lock, held for a hash-map
 * operation or for copying one user's (bounded) set.
 */
public final class SeenItems {
    private final int maxUsers;
    private final int itemsPerUser;
    private final LinkedHashMap<String, LinkedHashSet<String>> byUser;

    public SeenItems(int maxUsers, int itemsPerUser) {
        if (maxUsers < 1) throw new IllegalArgumentException("maxUsers must be >= 1, was " + maxUsers);
        if (itemsPerUser < 1) throw new IllegalArgumentException("itemsPerUser must be >= 1, was " + itemsPerUser);
        this.maxUsers = maxUsers;
        this.itemsPerUser = itemsPerUser;
        // Access order: get and put move a user to the end, so the eldest entry is the least recently active user.
        this.byUser = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LinkedHashSet<String>> eldest) {
                return size() > SeenItems.this.maxUsers;
            }
        };
    }

    /** Records that {@code userId} saw {@code itemId} (now its most recent item). */
    public void record(String userId, String itemId) {
        if (userId == null || userId.isEmpty()) throw new IllegalArgumentException("userId is missing");
        if (itemId == null || itemId.isEmpty()) throw new IllegalArgumentException("itemId is missing");
        synchronized (byUser) {
            LinkedHashSet<String> items = byUser.computeIfAbsent(userId, u -> new LinkedHashSet<>());
            items.remove(itemId);
            items.add(itemId);
            if (items.size() > itemsPerUser) {
                Iterator<String> oldest = items.iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** A copy of the user's recent items, oldest first; empty for an unknown user. */
    public Set<String> seen(String userId) {
        synchronized (byUser) {
            LinkedHashSet<String> items = byUser.get(userId);
            return items == null ? Set.of() : new LinkedHashSet<>(items);
        }
    }

    /** The exclusion predicate for retrieval: the user's items as of now. */
    public Predicate<String> excluder(String userId) {
        Set<String> items = seen(userId);
        return items.isEmpty() ? id -> false : items::contains;
    }

    /** Users tracked now. */
    public int users() {
        synchronized (byUser) {
            return byUser.size();
        }
    }
}
