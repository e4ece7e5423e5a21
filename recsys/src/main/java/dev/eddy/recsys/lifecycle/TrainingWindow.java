package dev.eddy.recsys.lifecycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trainer's training window: the latest history of the most recently updated users, at most {@code maxSize}
 * (user, item) pairs in all; when a change goes over, the least recently updated users leave whole. Kept in memory
 * on the trainer's task thread and mirrored into durable state by its owner: {@link #drainDirty()} names the users
 * whose entry changed or left since the last call, which the retrain job writes before each checkpoint barrier.
 * Not thread-safe.
 */
public final class TrainingWindow {
    private final int maxSize;
    // Insertion order = update order: the eldest entry is the least recently updated user.
    private final LinkedHashMap<String, WindowEntry> users = new LinkedHashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private long size;
    private long nextSeq;

    public TrainingWindow(int maxSize) {
        this.maxSize = maxSize;
    }

    /** Rebuilds the window from its mirrored entries (after a restore), in their update order. */
    public static TrainingWindow restore(int maxSize, Map<String, WindowEntry> entries) {
        TrainingWindow w = new TrainingWindow(maxSize);
        List<Map.Entry<String, WindowEntry>> sorted = new ArrayList<>(entries.entrySet());
        sorted.sort(Comparator.comparingLong(e -> e.getValue().seq()));
        for (var e : sorted) {
            w.users.put(e.getKey(), e.getValue());
            w.size += e.getValue().items().length;
            w.nextSeq = Math.max(w.nextSeq, e.getValue().seq() + 1);
        }
        // A smaller window size after a restart applies at once.
        w.evict();
        return w;
    }

    /**
     * The user's history after a change replaces the user's entry, which becomes the most recent.
     *
     * @param items  the user's items, oldest first
     * @param oldest event time of the oldest of them, epoch ms
     * @param newest event time of the newest, epoch ms
     */
    public void update(String user, String[] items, long oldest, long newest) {
        WindowEntry old = users.remove(user);
        if (old != null) size -= old.items().length;
        users.put(user, new WindowEntry(items, oldest, newest, nextSeq++));
        size += items.length;
        dirty.add(user);
        evict();
    }

    private void evict() {
        var it = users.entrySet().iterator();
        while (size > maxSize && users.size() > 1 && it.hasNext()) {
            var eldest = it.next();
            size -= eldest.getValue().items().length;
            dirty.add(eldest.getKey());
            it.remove();
        }
    }

    public WindowEntry get(String user) {
        return users.get(user);
    }

    /** (user, item) pairs in the window. */
    public long size() {
        return size;
    }

    public int users() {
        return users.size();
    }

    /** The entries in update order (a read-only view; copy before leaving the task thread). */
    public Map<String, WindowEntry> entries() {
        return Collections.unmodifiableMap(users);
    }

    /** Users changed or evicted since the last call; the caller writes (or deletes) their mirrored entries. */
    public Set<String> drainDirty() {
        Set<String> out = new HashSet<>(dirty);
        dirty.clear();
        return out;
    }
}
