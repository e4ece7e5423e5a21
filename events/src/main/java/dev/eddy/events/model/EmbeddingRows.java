package dev.eddy.events.model;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.json.EventJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire format of embedding models in {@code eddy.models} (manifest param {@code format=embedding-rows}): a
 * version carries only the rows that changed since its base version, by id, plus the ids removed since then.
 * A full version has {@code baseVersion} 0 and every row. Blocks, in index order: {@code user-ids} (UTF-8 JSON array
 * of the changed users' ids, opaque 4-byte words), {@code users} (their float rows, {@code cols} = dim), then the
 * same for items, then {@code removed-user-ids} and {@code removed-item-ids}. The manifest keeps each id list's exact
 * byte length ({@code <block>.bytes}), the dimension and the full table sizes after the version is applied.
 */
public final class EmbeddingRows {
    public static final String FORMAT = "embedding-rows";
    public static final String P_FORMAT = "format";
    public static final String P_BASE = "baseVersion";
    public static final String P_DIM = "dim";
    public static final String P_USERS = "users";
    public static final String P_ITEMS = "items";

    private static final TypeReference<List<String>> ID_LIST = new TypeReference<>() {};

    /** The rows of one table that a version sends (changed or new, in order) and the ids it removes. */
    public record Changes(List<String> ids, float[] rows, List<String> removed) {
        public Changes {
            ids = List.copyOf(ids);
            removed = List.copyOf(removed);
        }
    }

    /** Blocks and manifest params of one version. */
    public record Encoded(List<ModelBlock> blocks, Map<String, String> params) {}

    private EmbeddingRows() {}

    public static Encoded encode(String model, long version, long baseVersion, int dim, Changes users, Changes items,
                                 int totalUsers, int totalItems, int blockBytes) {
        check(users, dim, "users");
        check(items, dim, "items");
        List<ModelBlock> blocks = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        params.put(P_FORMAT, FORMAT);
        params.put(P_BASE, Long.toString(baseVersion));
        params.put(P_DIM, Integer.toString(dim));
        params.put(P_USERS, Integer.toString(totalUsers));
        params.put(P_ITEMS, Integer.toString(totalItems));
        ids(model, version, "user-ids", users.ids(), blocks, params, blockBytes);
        rows(model, version, "users", users.rows(), dim, blocks, blockBytes);
        ids(model, version, "item-ids", items.ids(), blocks, params, blockBytes);
        rows(model, version, "items", items.rows(), dim, blocks, blockBytes);
        ids(model, version, "removed-user-ids", users.removed(), blocks, params, blockBytes);
        ids(model, version, "removed-item-ids", items.removed(), blocks, params, blockBytes);
        return new Encoded(blocks, params);
    }

    /** Reads the changes of one table ({@code "users"} or {@code "items"}) back from a complete version. */
    public static Changes decode(ModelVersion v, String table) {
        String idsName = table.equals("users") ? "user-ids" : "item-ids";
        String removedName = table.equals("users") ? "removed-user-ids" : "removed-item-ids";
        List<String> ids = readIds(v, idsName);
        List<ModelBlock> rowBlocks = v.blocks().stream().filter(b -> b.name().equals(table)).toList();
        int dim = dim(v);
        float[] rows = new float[ids.size() * dim];
        for (ModelBlock b : rowBlocks) {
            if (b.cols() != dim) throw new IllegalArgumentException(where(v) + "block " + b.index() + " has " + b.cols() + " columns, dim is " + dim);
            float[] f = b.floats();
            System.arraycopy(f, 0, rows, b.rowOffset() * dim, f.length);
        }
        int sent = rowBlocks.stream().mapToInt(ModelBlock::rows).sum();
        if (sent != ids.size()) throw new IllegalArgumentException(where(v) + table + ": " + sent + " rows for " + ids.size() + " ids");
        return new Changes(ids, rows, readIds(v, removedName));
    }

    public static boolean isEmbeddingRows(ModelVersion v) {
        return FORMAT.equals(v.manifest().params().get(P_FORMAT));
    }

    public static long baseVersion(ModelVersion v) {
        return Long.parseLong(v.manifest().params().getOrDefault(P_BASE, "0"));
    }

    public static int dim(ModelVersion v) {
        return Integer.parseInt(v.manifest().params().get(P_DIM));
    }

    private static void check(Changes c, int dim, String table) {
        if (c.rows().length != c.ids().size() * dim) {
            throw new IllegalArgumentException(table + ": " + c.rows().length + " floats for " + c.ids().size() + " rows of " + dim);
        }
    }

    private static void ids(String model, long version, String name, List<String> ids, List<ModelBlock> blocks,
                            Map<String, String> params, int blockBytes) {
        byte[] json;
        try {
            json = EventJson.mapper().writeValueAsBytes(ids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        params.put(name + ".bytes", Integer.toString(json.length));
        blocks.addAll(OpaqueBlocks.blocks(model, version, name, blocks.size(), json, blockBytes));
    }

    private static void rows(String model, long version, String name, float[] rows, int dim, List<ModelBlock> blocks,
                             int blockBytes) {
        // Whole rows per block, as many as fit in blockBytes (at least one), so a record stays below Kafka's limit.
        int perBlock = Math.max(1, blockBytes / (dim * Float.BYTES));
        int n = rows.length / dim;
        for (int from = 0; from < n; from += perBlock) {
            int count = Math.min(perBlock, n - from);
            blocks.add(ModelBlock.ofFloats(model, version, blocks.size(), name, from, count, dim,
                    Arrays.copyOfRange(rows, from * dim, (from + count) * dim)));
        }
    }

    private static List<String> readIds(ModelVersion v, String name) {
        String length = v.manifest().params().get(name + ".bytes");
        if (length == null) throw new IllegalArgumentException(where(v) + "manifest has no '" + name + ".bytes'");
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (ModelBlock b : v.blocks()) if (b.name().equals(name)) data.writeBytes(b.data());
        byte[] bytes = data.toByteArray();
        int n = Integer.parseInt(length);
        if (n > bytes.length || bytes.length - n >= 4) {
            throw new IllegalArgumentException(where(v) + name + ": " + bytes.length + " bytes of blocks for " + n);
        }
        try {
            return EventJson.mapper().readValue(Arrays.copyOf(bytes, n), ID_LIST);
        } catch (IOException e) {
            throw new IllegalArgumentException(where(v) + name + " is not a JSON list of ids: " + e.getMessage(), e);
        }
    }

    private static String where(ModelVersion v) {
        return v.model() + "/" + v.version() + ": ";
    }
}
