package dev.eddy.jobs.retrain;

import java.util.Arrays;

/**
 * One user's recent items, oldest first, each with the event time of its latest interaction; a Flink POJO kept in
 * RocksDB keyed state. Bounded two ways: at most {@code maxItems} items (the oldest leave first) and none older than
 * {@code maxAge} before the user's newest interaction. A repeated item counts once, at its latest time.
 */
public class UserHistory {
    public String[] items = new String[0];
    public long[] times = new long[0];

    public UserHistory() {}

    UserHistory(String[] items, long[] times) {
        this.items = items;
        this.times = times;
    }

    /**
     * The history after one more interaction, or this one unchanged (returned as is) when the interaction is already
     * too old for it: event time may run backwards a little, but an item older than the age bound would leave at once.
     */
    public UserHistory with(String item, long time, int maxItems, long maxAgeMs) {
        int n = items.length;
        long newest = n == 0 ? time : Math.max(times[n - 1], time);
        if (time < newest - maxAgeMs) return this;
        // Insert in time order (stable: a tie goes after the existing entries), dropping an older copy of the item.
        String[] outItems = new String[n + 1];
        long[] outTimes = new long[n + 1];
        int k = 0;
        boolean placed = false;
        for (int i = 0; i < n; i++) {
            if (items[i].equals(item)) {
                if (times[i] >= time) return this; // already there with a later time: nothing changes
                continue;
            }
            if (!placed && times[i] > time) {
                outItems[k] = item;
                outTimes[k++] = time;
                placed = true;
            }
            outItems[k] = items[i];
            outTimes[k++] = times[i];
        }
        if (!placed) {
            outItems[k] = item;
            outTimes[k++] = time;
        }
        int from = 0;
        while (from < k && outTimes[from] < newest - maxAgeMs) from++;
        from = Math.max(from, k - maxItems);
        return new UserHistory(Arrays.copyOfRange(outItems, from, k), Arrays.copyOfRange(outTimes, from, k));
    }

    public int size() {
        return items.length;
    }

    public long newest() {
        return times.length == 0 ? Long.MIN_VALUE : times[times.length - 1];
    }
}
