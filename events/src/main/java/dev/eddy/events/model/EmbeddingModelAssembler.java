package dev.eddy.events.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies complete versions in the {@link EmbeddingRows} format (as {@link ModelAssembler} hands them out) on top of
 * their bases: a full version ({@code baseVersion} 0) replaces the model, a delta is applied to the assembled version
 * it names. A delta whose base is not the version assembled last cannot be applied (a reader that started in the
 * middle of a lineage, or missed a version): it is refused with the reason and the model stays as it was, so a
 * reader never serves a mix of two lineages. Not thread-safe.
 */
public final class EmbeddingModelAssembler {
    private final Map<String, EmbeddingModel> models = new HashMap<>();

    /** Applies {@code v}; returns the assembled model of that version. */
    public EmbeddingModel apply(ModelVersion v) {
        if (!EmbeddingRows.isEmbeddingRows(v)) {
            throw new IllegalArgumentException(v.model() + "/" + v.version() + " is not in the " + EmbeddingRows.FORMAT + " format");
        }
        long base = EmbeddingRows.baseVersion(v);
        int dim = EmbeddingRows.dim(v);
        EmbeddingModel current = models.get(v.model());
        Map<String, float[]> users;
        Map<String, float[]> items;
        if (base == 0) {
            users = new LinkedHashMap<>();
            items = new LinkedHashMap<>();
        } else {
            if (current == null || current.version() != base) {
                throw new IllegalStateException(v.model() + "/" + v.version() + " is a delta on version " + base
                        + ", but the assembled version is " + (current == null ? "none" : current.version()));
            }
            if (current.dim() != dim) {
                throw new IllegalStateException(v.model() + "/" + v.version() + " has dim " + dim + ", its base " + current.dim());
            }
            users = new LinkedHashMap<>(current.users());
            items = new LinkedHashMap<>(current.items());
        }
        applyTo(users, EmbeddingRows.decode(v, "users"), dim);
        applyTo(items, EmbeddingRows.decode(v, "items"), dim);
        checkSize(v, users.size(), EmbeddingRows.P_USERS);
        checkSize(v, items.size(), EmbeddingRows.P_ITEMS);
        EmbeddingModel m = new EmbeddingModel(v.model(), v.version(), dim, users, items);
        models.put(v.model(), m);
        return m;
    }

    public Optional<EmbeddingModel> latest(String model) {
        return Optional.ofNullable(models.get(model));
    }

    /** Assembles versions read in order (e.g. {@link ModelTopicReader.Result#versions()}); the newest per model. */
    public static Map<String, EmbeddingModel> assemble(List<ModelVersion> versions) {
        EmbeddingModelAssembler a = new EmbeddingModelAssembler();
        for (ModelVersion v : versions) if (EmbeddingRows.isEmbeddingRows(v)) a.apply(v);
        return Map.copyOf(a.models);
    }

    private static void applyTo(Map<String, float[]> table, EmbeddingRows.Changes c, int dim) {
        for (String id : c.removed()) table.remove(id);
        for (int r = 0; r < c.ids().size(); r++) {
            table.put(c.ids().get(r), java.util.Arrays.copyOfRange(c.rows(), r * dim, (r + 1) * dim));
        }
    }

    private static void checkSize(ModelVersion v, int actual, String param) {
        String expected = v.manifest().params().get(param);
        if (expected != null && Integer.parseInt(expected) != actual) {
            throw new IllegalStateException(v.model() + "/" + v.version() + ": assembled " + actual + " " + param
                    + ", the manifest says " + expected);
        }
    }
}
