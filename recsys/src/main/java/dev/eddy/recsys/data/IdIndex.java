package dev.eddy.recsys.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense integer indices for string ids (users or items), in first-seen order. Embedding tables are indexed by
 * these numbers, and snapshots carry the id list so that serving and warm starts can map ids back.
 */
public final class IdIndex {
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    public static IdIndex of(List<String> ids) {
        IdIndex idx = new IdIndex();
        for (String id : ids) {
            if (idx.index.containsKey(id)) throw new IllegalArgumentException("duplicate id '" + id + "'");
            idx.add(id);
        }
        return idx;
    }

    /** Ids "0", "1", ..., for synthetic data. */
    public static IdIndex sequential(int n) {
        IdIndex idx = new IdIndex();
        for (int i = 0; i < n; i++) idx.add(Integer.toString(i));
        return idx;
    }

    /** The index of the id, adding it when new. */
    public int add(String id) {
        Integer i = index.get(id);
        if (i != null) return i;
        int next = ids.size();
        ids.add(id);
        index.put(id, next);
        return next;
    }

    /** The index of the id, or -1. */
    public int indexOf(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    public String id(int index) {
        return ids.get(index);
    }

    public int size() {
        return ids.size();
    }

    public List<String> ids() {
        return List.copyOf(ids);
    }
}
