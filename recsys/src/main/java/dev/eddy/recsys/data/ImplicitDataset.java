package dev.eddy.recsys.data;

import dev.eddy.events.event.Interaction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Implicit feedback: which user interacted with which item, repeated interactions counted once.
 *
 * @param users  user ids
 * @param items  item ids
 * @param byUser each user's distinct items
 */
public record ImplicitDataset(IdIndex users, IdIndex items, UserItems byUser) {
    public ImplicitDataset {
        if (byUser.numUsers() != users.size()) throw new IllegalArgumentException("user count mismatch");
    }

    /** Indexes interactions in the order given; every interaction counts as a positive, whatever its value. */
    public static ImplicitDataset of(List<Interaction> interactions) {
        IdIndex users = new IdIndex();
        IdIndex items = new IdIndex();
        List<Set<Integer>> perUser = new ArrayList<>();
        for (Interaction in : interactions) {
            int u = users.add(in.userId());
            int i = items.add(in.itemId());
            while (perUser.size() <= u) perUser.add(new HashSet<>());
            perUser.get(u).add(i);
        }
        int[][] lists = new int[perUser.size()][];
        for (int u = 0; u < lists.length; u++) lists[u] = perUser.get(u).stream().mapToInt(Integer::intValue).toArray();
        return new ImplicitDataset(users, items, UserItems.of(lists));
    }

    public int numUsers() {
        return users.size();
    }

    public int numItems() {
        return items.size();
    }

    public int numInteractions() {
        return byUser.size();
    }
}
