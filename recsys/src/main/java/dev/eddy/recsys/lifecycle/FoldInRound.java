package dev.eddy.recsys.lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One fold-in round: the pending users and items that the published tables lack, folded into those tables as one
 * new version. A class of its own so that the order of the passes is tested directly.
 *
 * <p>Order: (1) users, from the items the tables know; (2) items, from their adopters the tables know <em>or that
 * pass 1 just folded in</em> — so an item taken up so far only by new users is not left out; (3) the users pass 1
 * could not fold (all their items were new), from the items pass 2 just folded in. Each pass reads only rows that
 * exist before it starts, so the result does not depend on the order within a pass; a user or item that none of the
 * passes can fold is not in the result (the caller decides whether it stays pending).
 *
 * @param tables the published tables with the folded-in rows appended
 * @param users  the folded-in users, in row order
 * @param items  the folded-in items, in row order
 */
public record FoldInRound(IdTables tables, List<String> users, List<String> items) {

    public boolean isEmpty() {
        return users.isEmpty() && items.isEmpty();
    }

    public static FoldInRound of(IdTables base, Map<String, WindowEntry> window, Collection<String> pendingUsers,
                          Collection<String> pendingItems) {
        Map<String, Integer> knownUsers = base.userRows();
        Map<String, Integer> knownItems = base.itemRows();

        // (1) Users from known items; those with no known item wait for pass 3.
        Rows users = new Rows(base.dim());
        List<String> leftover = new ArrayList<>();
        for (String user : pendingUsers) {
            WindowEntry w = window.get(user);
            if (w == null || knownUsers.containsKey(user)) continue;
            Optional<float[]> v = FoldIn.userVector(w.items(), base, knownItems);
            if (v.isPresent()) users.add(user, v.get());
            else leftover.add(user);
        }
        IdTables next = users.isEmpty() ? base : base.withUsers(users.ids(), users.flat());

        // (2) Items from their known adopters, the users just folded in included.
        Set<String> newItems = new LinkedHashSet<>();
        for (String item : pendingItems) if (!knownItems.containsKey(item)) newItems.add(item);
        Rows items = new Rows(base.dim());
        if (!newItems.isEmpty()) {
            Map<String, List<String>> adopters = FoldIn.adopters(window, newItems);
            Map<String, Integer> userRows = users.isEmpty() ? knownUsers : next.userRows();
            for (String item : newItems) {
                FoldIn.itemVector(adopters.getOrDefault(item, List.of()), next, userRows)
                        .ifPresent(v -> items.add(item, v));
            }
            if (!items.isEmpty()) next = next.withItems(items.ids(), items.flat());
        }

        // (3) Users whose items were all new, from the items just folded in.
        Rows late = new Rows(base.dim());
        if (!items.isEmpty() && !leftover.isEmpty()) {
            Map<String, Integer> itemRows = next.itemRows();
            for (String user : leftover) {
                FoldIn.userVector(window.get(user).items(), next, itemRows).ifPresent(v -> late.add(user, v));
            }
            if (!late.isEmpty()) next = next.withUsers(late.ids(), late.flat());
        }

        List<String> foldedUsers = new ArrayList<>(users.ids);
        foldedUsers.addAll(late.ids);
        return new FoldInRound(next, foldedUsers, List.copyOf(items.ids));
    }

    /** Rows collected in one pass. */
    private static final class Rows {
        final int dim;
        final List<String> ids = new ArrayList<>();
        final List<float[]> rows = new ArrayList<>();

        Rows(int dim) {
            this.dim = dim;
        }

        void add(String id, float[] row) {
            ids.add(id);
            rows.add(row);
        }

        boolean isEmpty() {
            return ids.isEmpty();
        }

        String[] ids() {
            return ids.toArray(String[]::new);
        }

        float[] flat() {
            float[] out = new float[rows.size() * dim];
            for (int r = 0; r < rows.size(); r++) System.arraycopy(rows.get(r), 0, out, r * dim, dim);
            return out;
        }
    }
}
