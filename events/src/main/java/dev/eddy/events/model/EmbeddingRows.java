package dev.eddy.events.model;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.JsonProblems;

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
        if ((long) ids.size() * dim > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(where(v) + table + ": " + ids.size() + " rows of dim " + dim + " do not fit an array");
        }
        float[] rows = new float[ids.size() * dim];
        for (ModelBlock b : rowBlocks) {
            if (b.cols() != dim) throw new IllegalArgumentException(where(v) + "block " + b.index() + " has " + b.cols() + " columns, dim is " + dim);
            // The manifest's SHA-256 covers the blocks' data, not their headers: a header that points outside the
            // table is refused here rather than failing the copy below.
            float[] f = b.floats();
            if (b.rows() < 0 || b.rowOffset() < 0 || (long) b.rowOffset() + b.rows() > ids.size()
                    || f.length != (long) b.rows() * dim || b.data().length % Float.BYTES != 0) {
                throw new IllegalArgumentException(where(v) + "block " + b.index() + " (rows " + b.rowOffset() + "+"
                        + b.rows() + ", " + b.data().length + " bytes) does not fit " + ids.size() + " " + table
                        + " of dim " + dim);
            }
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
        return (long) number(v, P_BASE, v.manifest().params().getOrDefault(P_BASE, "0"), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public static int dim(ModelVersion v) {
        return (int) number(v, P_DIM, v.manifest().params().get(P_DIM), 1, Integer.MAX_VALUE);
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
        int n = (int) number(v, name + ".bytes", length, 0, Integer.MAX_VALUE);
        if (n > bytes.length || bytes.length - n >= 4) {
            throw new IllegalArgumentException(where(v) + name + ": " + bytes.length + " bytes of blocks for " + n);
        }
        try {
            List<String> ids = EventJson.mapper().readValue(Arrays.copyOf(bytes, n), ID_LIST);
            if (ids == null) throw new IllegalArgumentException(where(v) + name + " is null, not a JSON list of ids");
            return ids;
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? JsonProblems.describe(j)
                    : "unreadable";
            throw new IllegalArgumentException(where(v) + name + " is not a JSON list of ids: " + why, e);
        }
    }

    /** A manifest param as an integer in [min, max]; IllegalArgumentException naming the param otherwise. */
    private static long number(ModelVersion v, String param, String text, long min, long max) {
        try {
            long n = Long.parseLong(text == null ? "" : text.strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below, without the parser's words
        }
        throw new IllegalArgumentException(where(v) + "manifest param '" + param + "' is "
                + (text == null ? "missing" : "'" + text + "'") + ", not an integer in [" + min + ", " + max + "]");
    }

    private static String where(ModelVersion v) {
        return v.model() + "/" + v.version() + ": ";
    }
}
