package dev.eddy.recsys.snapshot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.json.EventJson;
import dev.eddy.recsys.data.IdIndex;
import dev.eddy.recsys.train.EmbeddingTables;
import dev.eddy.recsys.train.TrainedModel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Versioned recommender snapshots in RocksDB (the frocksdbjni build that Flink's state backend brings, so that both
 * can share a JVM). Each save is a new version that becomes current; the newest {@code keepLast} versions (and the
 * current one) are kept; rollback makes an older kept version current. Tables are stored as raw little-endian
 * float32 with a SHA-256 in the manifest, so a loaded snapshot scores bit-identically and corruption is detected.
 *
 * <p>Keys: {@code m/<model>/current}, {@code m/<model>/last}, {@code m/<model>/v/<version, 20 digits>/<part>}, parts
 * {@code manifest}, {@code users}, {@code items}, {@code user-reps}, {@code item-reps}, {@code user-params},
 * {@code item-params}.
 */
public final class ModelSnapshotStore implements AutoCloseable {
    private static final String[] BLOCKS = {"user-reps", "item-reps", "user-params", "item-params"};
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final Options options;
    private final int keepLast;

    private ModelSnapshotStore(RocksDB db, Options options, int keepLast) {
        this.db = db;
        this.options = options;
        this.keepLast = keepLast;
    }

    public static ModelSnapshotStore open(Path dir, int keepLast) {
        if (keepLast < 1) throw new IllegalArgumentException("keepLast must be >= 1, was " + keepLast);
        Options options = new Options().setCreateIfMissing(true);
        try {
            Files.createDirectories(dir);
            return new ModelSnapshotStore(RocksDB.open(options, dir.toString()), options, keepLast);
        } catch (RocksDBException | IOException e) {
            options.close();
            throw new SnapshotStoreException("cannot open the snapshot store at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Stores a trained model as the next version of {@code model}, makes it current, prunes old versions. */
    public synchronized ModelSnapshot save(String model, TrainedModel trained, Map<String, Double> metrics, DataWindow window) {
        Map<String, String> params = new LinkedHashMap<>(trained.config().asMap());
        params.put("dataFrom", window.from().toString());
        params.put("dataTo", window.to().toString());
        params.put("interactions", Long.toString(window.interactions()));
        params.put("bestEpoch", Integer.toString(trained.bestEpoch()));
        return save(model, trained.users(), trained.items(), trained.representations(), trained.parameters(),
                trained.config().backbone().label(), metrics, params);
    }

    /**
     * Stores tables that were not trained just now (the retrain job's rollback republishes an earlier version's) as
     * the next version of {@code model}, makes it current, prunes old versions. {@code params} say where they come
     * from; {@code dim}, {@code users} and {@code items} are added from the tables themselves.
     */
    public synchronized ModelSnapshot save(String model, IdIndex users, IdIndex items, EmbeddingTables representations,
                                           EmbeddingTables parameters, String modelType, Map<String, Double> metrics,
                                           Map<String, String> params) {
        checkName(model);
        if (representations.dim() != parameters.dim() || representations.numUsers() != users.size()
                || representations.numItems() != items.size() || parameters.numUsers() != users.size()
                || parameters.numItems() != items.size()) {
            throw new IllegalArgumentException("tables of " + model + " do not match their ids: " + users.size()
                    + " users, " + items.size() + " items");
        }
        long version = lastVersion(model) + 1;
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("dim", Integer.toString(representations.dim()));
        p.put("users", Integer.toString(users.size()));
        p.put("items", Integer.toString(items.size()));
        byte[][] blocks = {
            floats(representations.users()), floats(representations.items()),
            floats(parameters.users()), floats(parameters.items())};
        ModelManifest manifest = new ModelManifest(model, version, Instant.now(), modelType, metrics, p, blocks.length,
                sha256(blocks));
        try (WriteBatch batch = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
            batch.put(key(model, version, "manifest"), EventJson.write(manifest));
            batch.put(key(model, version, "users"), JSON.writeValueAsBytes(users.ids()));
            batch.put(key(model, version, "items"), JSON.writeValueAsBytes(items.ids()));
            for (int i = 0; i < BLOCKS.length; i++) batch.put(key(model, version, BLOCKS[i]), blocks[i]);
            batch.put(utf8("m/" + model + "/last"), longBytes(version));
            batch.put(utf8("m/" + model + "/current"), longBytes(version));
            db.write(sync, batch);
        } catch (RocksDBException | IOException e) {
            throw new SnapshotStoreException("cannot save " + model + " version " + version + ": " + e.getMessage(), e);
        }
        prune(model);
        return load(model, version);
    }

    /** The current version of the model, if any was saved. */
    public synchronized Optional<ModelSnapshot> current(String model) {
        long v = readLong(utf8("m/" + model + "/current"));
        return v < 0 ? Optional.empty() : Optional.of(load(model, v));
    }

    public synchronized ModelSnapshot load(String model, long version) {
        byte[] manifestBytes = get(key(model, version, "manifest"));
        if (manifestBytes == null) throw new SnapshotStoreException("no version " + version + " of model '" + model + "'; kept: " + versions(model));
        try {
            ModelManifest manifest = EventJson.mapper().readValue(manifestBytes, ModelManifest.class);
            IdIndex users = IdIndex.of(JSON.readValue(get(key(model, version, "users")), new TypeReference<List<String>>() {}));
            IdIndex items = IdIndex.of(JSON.readValue(get(key(model, version, "items")), new TypeReference<List<String>>() {}));
            byte[][] blocks = new byte[BLOCKS.length][];
            for (int i = 0; i < BLOCKS.length; i++) blocks[i] = get(key(model, version, BLOCKS[i]));
            if (!sha256(blocks).equals(manifest.sha256())) {
                throw new SnapshotStoreException("model '" + model + "' version " + version + " is corrupt: checksum mismatch");
            }
            int dim = Integer.parseInt(manifest.params().get("dim"));
            EmbeddingTables reps = new EmbeddingTables(users.size(), items.size(), dim, toFloats(blocks[0]), toFloats(blocks[1]));
            EmbeddingTables params = new EmbeddingTables(users.size(), items.size(), dim, toFloats(blocks[2]), toFloats(blocks[3]));
            return new ModelSnapshot(manifest, users, items, reps, params);
        } catch (IOException e) {
            throw new SnapshotStoreException("cannot read model '" + model + "' version " + version + ": " + e.getMessage(), e);
        }
    }

    /** Kept versions, ascending. */
    public synchronized List<Long> versions(String model) {
        List<Long> versions = new ArrayList<>();
        byte[] prefix = utf8("m/" + model + "/v/");
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                String k = new String(it.key(), StandardCharsets.UTF_8);
                if (k.endsWith("/manifest")) versions.add(Long.parseLong(k.substring(prefix.length, prefix.length + 20)));
            }
        }
        return versions;
    }

    /** Makes the newest kept version older than the current one current; returns it. */
    public synchronized long rollback(String model) {
        long current = readLong(utf8("m/" + model + "/current"));
        long previous = -1;
        for (long v : versions(model)) if (v < current) previous = v;
        if (previous < 0) throw new SnapshotStoreException("model '" + model + "' has no kept version before " + current);
        rollbackTo(model, previous);
        return previous;
    }

    public synchronized void rollbackTo(String model, long version) {
        if (get(key(model, version, "manifest")) == null) {
            throw new SnapshotStoreException("no version " + version + " of model '" + model + "'; kept: " + versions(model));
        }
        put(utf8("m/" + model + "/current"), longBytes(version));
    }

    private void prune(String model) {
        List<Long> versions = versions(model);
        long current = readLong(utf8("m/" + model + "/current"));
        for (int i = 0; i < versions.size() - keepLast; i++) {
            long v = versions.get(i);
            if (v == current) continue;
            try {
                db.deleteRange(utf8(prefix(model, v)), utf8(prefix(model, v + 1)));
            } catch (RocksDBException e) {
                throw new SnapshotStoreException("cannot delete " + model + " version " + v + ": " + e.getMessage(), e);
            }
        }
    }

    private long lastVersion(String model) {
        return Math.max(0, readLong(utf8("m/" + model + "/last")));
    }

    private static void checkName(String model) {
        if (model == null || model.isEmpty() || model.contains("/")) throw new IllegalArgumentException("model name must be non-empty without '/', was '" + model + "'");
    }

    private static String prefix(String model, long version) {
        return String.format("m/%s/v/%020d/", model, version);
    }

    private static byte[] key(String model, long version, String part) {
        return utf8(prefix(model, version) + part);
    }

    private byte[] get(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw new SnapshotStoreException("cannot read the snapshot store: " + e.getMessage(), e);
        }
    }

    private void put(byte[] key, byte[] value) {
        try (WriteOptions sync = new WriteOptions().setSync(true)) {
            db.put(sync, key, value);
        } catch (RocksDBException e) {
            throw new SnapshotStoreException("cannot write the snapshot store: " + e.getMessage(), e);
        }
    }

    private long readLong(byte[] key) {
        byte[] v = get(key);
        return v == null ? -1 : ByteBuffer.wrap(v).getLong();
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        if (a.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (a[i] != prefix[i]) return false;
        return true;
    }

    static byte[] floats(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return buf.array();
    }

    static float[] toFloats(byte[] bytes) {
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static String sha256(byte[][] blocks) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] b : blocks) md.update(b);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public synchronized void close() {
        db.close();
        options.close();
    }
}
