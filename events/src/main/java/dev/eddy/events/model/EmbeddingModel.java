package dev.eddy.events.model;

import java.util.Map;

/**
 * An embedding model put together from {@code eddy.models}: the full user and item tables of one version, rows by
 * id (in the order they first appeared).
 */
public record EmbeddingModel(String model, long version, int dim, Map<String, float[]> users, Map<String, float[]> items) {
    public EmbeddingModel {
        users = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(users));
        items = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(items));
    }

    /** Dot product of a user's and an item's rows, in index order; NaN when either is unknown. */
    public float score(String user, String item) {
        float[] u = users.get(user);
        float[] i = items.get(item);
        if (u == null || i == null) return Float.NaN;
        float s = 0f;
        for (int f = 0; f < dim; f++) s += u[f] * i[f];
        return s;
    }
}
