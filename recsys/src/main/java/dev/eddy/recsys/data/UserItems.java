package dev.eddy.recsys.data;

import java.util.Arrays;

/**
 * Per-user item lists in compressed-row form: user u's items are {@code items[offsets[u] .. offsets[u+1])}.
 * One flat array instead of millions of small objects, and the position of an entry is a stable id for it
 * (noise flags and samplers refer to entries by position).
 *
 * @param offsets numUsers + 1 ascending offsets into {@code items}
 * @param items   item indices, each user's sorted ascending and without duplicates
 */
public record UserItems(int[] offsets, int[] items) {
    public UserItems {
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != items.length) {
            throw new IllegalArgumentException("offsets do not cover the items");
        }
    }

    /** Builds from one int[] per user; each is copied, sorted and must hold distinct items. */
    public static UserItems of(int[][] perUser) {
        int[] offsets = new int[perUser.length + 1];
        for (int u = 0; u < perUser.length; u++) offsets[u + 1] = offsets[u] + perUser[u].length;
        int[] items = new int[offsets[perUser.length]];
        for (int u = 0; u < perUser.length; u++) {
            int[] sorted = perUser[u].clone();
            Arrays.sort(sorted);
            for (int j = 1; j < sorted.length; j++) {
                if (sorted[j] == sorted[j - 1]) throw new IllegalArgumentException("user " + u + " has item " + sorted[j] + " twice");
            }
            System.arraycopy(sorted, 0, items, offsets[u], sorted.length);
        }
        return new UserItems(offsets, items);
    }

    public int numUsers() {
        return offsets.length - 1;
    }

    public int size() {
        return items.length;
    }

    public int count(int user) {
        return offsets[user + 1] - offsets[user];
    }

    public int start(int user) {
        return offsets[user];
    }

    /** A copy of the user's items. */
    public int[] of(int user) {
        return Arrays.copyOfRange(items, offsets[user], offsets[user + 1]);
    }

    public boolean contains(int user, int item) {
        return Arrays.binarySearch(items, offsets[user], offsets[user + 1], item) >= 0;
    }

    /** The user of every entry, so that entry positions can be turned into (user, item) pairs. */
    public int[] userOfEntry() {
        int[] users = new int[items.length];
        for (int u = 0; u < numUsers(); u++) Arrays.fill(users, offsets[u], offsets[u + 1], u);
        return users;
    }
}
