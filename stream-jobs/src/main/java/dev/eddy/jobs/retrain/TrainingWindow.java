package dev.eddy.jobs.retrain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trainer's training window: the latest history of the most recently updated users, at most {@code maxSize}
 * (user, item) pairs in all; when a change goes over, the least recently updated users leave whole. Kept in memory
 * on the trainer's task thread and mirrored into RocksDB: {@link #drainDirty()} names the users whose entry changed
 * or left since the last call, which the operator writes before each checkpoint barrier. Not thread-safe.
 */
final class TrainingWindow {
    private final int maxSize;
    // Insertion order = update order: the eldest entry is the least recently updated user.
    private final LinkedHashMap<String, WindowUser> users = new LinkedHashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private long size;
    private long nextSeq;

    TrainingWindow(int maxSize) {
        this.maxSize = maxSize;
    }

    /** Rebuilds the window from its mirrored entries (after a restore), in their update order. */
    static TrainingWindow restore(int maxSize, Map<String, WindowUser> entries) {
        TrainingWindow w = new TrainingWindow(maxSize);
        List<Map.Entry<String, WindowUser>> sorted = new ArrayList<>(entries.entrySet());
        sorted.sort(Comparator.comparingLong(e -> e.getValue().seq));
        for (var e : sorted) {
            w.users.put(e.getKey(), e.getValue());
            w.size += e.getValue().items.length;
            w.nextSeq = Math.max(w.nextSeq, e.getValue().seq + 1);
        }
        // A smaller window size after a restart applies at once.
        w.evict();
        return w;
    }

    void update(HistoryUpdate u) {
        WindowUser old = users.remove(u.userId);
        if (old != null) size -= old.items.length;
        users.put(u.userId, new WindowUser(u.items, u.oldest, u.newest, nextSeq++));
        size += u.items.length;
        dirty.add(u.userId);
        evict();
    }

    private void evict() {
        var it = users.entrySet().iterator();
        while (size > maxSize && users.size() > 1 && it.hasNext()) {
            var eldest = it.next();
            size -= eldest.getValue().items.length;
            dirty.add(eldest.getKey());
            it.remove();
        }
    }

    WindowUser get(String user) {
        return users.get(user);
    }

    /** (user, item) pairs in the window. */
    long size() {
        return size;
    }

    int users() {
        return users.size();
    }

    /** The entries in update order (a read-only view; copy before leaving the task thread). */
    Map<String, WindowUser> entries() {
        return java.util.Collections.unmodifiableMap(users);
    }

    /** Users changed or evicted since the last call; the caller writes (or deletes) their mirrored entries. */
    Set<String> drainDirty() {
        Set<String> out = new HashSet<>(dirty);
        dirty.clear();
        return out;
    }
}
