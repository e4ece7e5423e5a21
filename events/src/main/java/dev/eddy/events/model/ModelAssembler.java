package dev.eddy.events.model;

import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.event.ModelPart;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Puts model versions together from the records of {@code eddy.models}, in whatever order the parts arrive
 * (a writer sends the blocks before the manifest, compaction may reorder nothing but can drop superseded keys).
 * A version is handed out once, when its manifest and every one of its {@code blockCount} blocks are there and
 * the SHA-256 over the blocks' data matches; a version that fails the check is rejected with its reason.
 * Not thread-safe: one assembler per reading thread.
 */
public final class ModelAssembler {

    /** A version that could not be used, and why. */
    public record Rejected(String model, long version, String reason) {}

    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Long> completed = new HashMap<>();
    private final List<Rejected> rejected = new ArrayList<>();

    /** Feeds one part; returns the version it completed, if any. */
    public Optional<ModelVersion> accept(ModelPart part) {
        Long done = completed.get(part.model());
        // Parts of versions at or below the newest complete one are superseded: nothing to wait for.
        if (done != null && part.version() <= done) return Optional.empty();
        String id = part.model() + "/" + part.version();
        Pending p = pending.computeIfAbsent(id, k -> new Pending());
        if (part instanceof ModelManifest m) {
            p.manifest = m;
        } else {
            ModelBlock b = (ModelBlock) part;
            p.blocks.put(b.index(), b);
        }
        if (p.manifest == null || p.blocks.size() < p.manifest.blockCount()) return Optional.empty();
        pending.remove(id);
        String problem = check(p);
        if (problem != null) {
            rejected.add(new Rejected(part.model(), part.version(), problem));
            return Optional.empty();
        }
        ModelVersion v = new ModelVersion(p.manifest, new ArrayList<>(p.blocks.values()));
        completed.put(part.model(), part.version());
        pending.keySet().removeIf(k -> k.startsWith(part.model() + "/") && versionOf(k) <= part.version());
        return Optional.of(v);
    }

    /** Versions whose blocks did not match their manifest, in the order they were found. */
    public List<Rejected> rejected() {
        return List.copyOf(rejected);
    }

    /** Versions seen in part but not complete (yet). */
    public int incomplete() {
        return pending.size();
    }

    private static String check(Pending p) {
        int n = p.manifest.blockCount();
        if (p.blocks.size() != n || (n > 0 && (p.blocks.firstKey() != 0 || p.blocks.lastKey() != n - 1))) {
            return "blocks " + p.blocks.keySet() + " do not match blockCount " + n;
        }
        String sha = sha256(p.blocks.values());
        if (!sha.equalsIgnoreCase(p.manifest.sha256())) {
            return "SHA-256 of the blocks is " + sha + ", the manifest says " + p.manifest.sha256();
        }
        return null;
    }

    /** Hex SHA-256 over the blocks' data in index order: what a writer puts in its manifest. */
    public static String sha256(Iterable<ModelBlock> blocksInIndexOrder) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ModelBlock b : blocksInIndexOrder) md.update(b.data());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static long versionOf(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('/') + 1));
    }

    private static final class Pending {
        ModelManifest manifest;
        final TreeMap<Integer, ModelBlock> blocks = new TreeMap<>();
    }
}
