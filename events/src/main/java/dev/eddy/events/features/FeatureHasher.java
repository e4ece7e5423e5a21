package dev.eddy.events.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps named sparse features ({@code namespace → feature name → value}) to a {@link SparseVector} of dimension
 * {@code 2^bits}, the way Vowpal Wabbit hashes: a new feature name needs no schema and no dictionary.
 *
 * <ul>
 *   <li>namespace hash {@code n = murmur3_32(utf8(namespace), seed)}</li>
 *   <li>feature hash {@code h = murmur3_32(utf8(name), n)}, so equal names in different namespaces differ</li>
 *   <li>cross of {@code h1} (left namespace) and {@code h2} (right): {@code (h1 * 16777619) ^ h2}, value
 *       {@code v1 * v2}; with {@code *:*}, every pair of the example's namespaces (the first by name on the left)
 *       and each namespace with itself</li>
 *   <li>index {@code = hash & (2^bits - 1)}; with {@code signed}, the value is negated when bit 31 of the hash is
 *       set, a bit that no index uses</li>
 *   <li>entries that land on the same index are summed; entries that sum to exactly 0 are left out</li>
 * </ul>
 *
 * <p>The formulas are VW's, but the indices are not promised to equal VW's own: VW hashes all-digit names as
 * numbers and scales indices by its weight stride.
 *
 * <p>Keeps buffers between calls so that hashing an example allocates little beyond the returned vector and the
 * iterators of the input maps. So an instance is not thread-safe: use one per thread or operator.
 */
public final class FeatureHasher {

    /** VW's FNV prime for quadratic crosses. */
    public static final int FNV_PRIME = 16777619;
    /** VW's hash of the constant feature; the bias goes to {@code CONSTANT_HASH & mask} whatever the seed. */
    public static final int CONSTANT_HASH = 11650396;

    // Namespaces are few; the bound only protects against inputs that invent a namespace per record.
    private static final int NAMESPACE_CACHE_LIMIT = 4096;

    private final HashingConfig config;
    private final int mask;
    private final Cross[] crosses;
    private final Utf8Murmur murmur = new Utf8Murmur();
    private final HashMap<String, Integer> namespaceHashes = new HashMap<>();
    private static final int RECENT = 8;
    private final String[] recentNamespaces = new String[RECENT];
    private final int[] recentHashes = new int[RECENT];
    private int nextRecent;

    // The features of the current example, one block per (side, namespace): block b holds
    // features blockStart[b] until blockStart[b + 1].
    private int[] featureHash = new int[64];
    private double[] featureValue = new double[64];
    private int featureCount;
    private String[] blockNamespace = new String[8];
    private int[] blockStart = new int[9];
    private int blockCount;

    // Everything emitted for the current example before merging: (index << 32 | slot), so that one primitive
    // sort groups equal indices and keeps emission order inside a group, which makes sums deterministic.
    private long[] keys = new long[64];
    private double[] emitted = new double[64];
    private int emitCount;
    private int[] mergedIndex = new int[64];
    private float[] mergedValue = new float[64];

    private record Cross(String left, String right) {}

    private final boolean allPairs;
    private String[] namespaces = new String[8];

    public FeatureHasher(HashingConfig config) {
        if (config == null) throw new IllegalArgumentException("hashing config must not be null");
        this.config = config;
        this.mask = config.dimension() - 1;
        List<HashingConfig.Cross> cs = config.crosses();
        this.allPairs = cs.contains(HashingConfig.Cross.ALL_PAIRS);
        this.crosses = new Cross[allPairs ? 0 : cs.size()];
        for (int i = 0; i < crosses.length; i++) crosses[i] = new Cross(cs.get(i).left(), cs.get(i).right());
    }

    public HashingConfig config() {
        return config;
    }

    public int dimension() {
        return mask + 1;
    }

    /** Hashes one example's features, with the configured crosses among its namespaces and the bias. */
    public SparseVector hash(Map<String, Map<String, Double>> features) {
        begin();
        addSide(features);
        return finish();
    }

    /**
     * φ(context, action) for contextual bandits: the shared context's features, the action's features, and the
     * configured crosses between any namespaces of either side, so {@code user:item} crosses the shared
     * {@code user} with the action's {@code item}. A namespace on both sides is one namespace whose features are
     * those of both; the result equals {@link #hash} of the two maps merged.
     */
    public SparseVector hashJoint(Map<String, Map<String, Double>> shared, Map<String, Map<String, Double>> action) {
        begin();
        addSide(shared);
        addSide(action);
        return finish();
    }

    /**
     * {@link #hashJoint} of one shared context with each of {@code actions}, equal to calling it per action, but the
     * shared side is hashed once: its features and what they emit are kept and restored for every action.
     */
    public List<SparseVector> hashJointAll(Map<String, Map<String, Double>> shared,
                                           List<Map<String, Map<String, Double>>> actions) {
        begin();
        addSide(shared);
        int sharedFeatures = featureCount;
        int sharedBlocks = blockCount;
        int sharedEmits = emitCount;
        // merge() sorts keys in place, so the shared side's keys are put back from a copy for each action.
        long[] sharedKeys = Arrays.copyOf(keys, sharedEmits);
        List<SparseVector> out = new ArrayList<>(actions.size());
        for (Map<String, Map<String, Double>> action : actions) {
            featureCount = sharedFeatures;
            blockCount = sharedBlocks;
            blockStart[blockCount] = featureCount;
            emitCount = sharedEmits;
            System.arraycopy(sharedKeys, 0, keys, 0, sharedEmits);
            addSide(action);
            out.add(finish());
        }
        return out;
    }

    /** The 32-bit hash of a namespace: the seed of its features' hashes. */
    public int namespaceHash(String namespace) {
        // Parsed requests hand the same few namespace strings over and over (JSON parsers canonicalise field names),
        // so the recent ones are checked by identity before the map, which would compare their characters.
        for (int i = 0; i < RECENT; i++) {
            if (recentNamespaces[i] == namespace) return recentHashes[i];
        }
        Integer cached = namespaceHashes.get(namespace);
        int h = cached != null ? cached : murmur.hash(namespace, config.seed());
        if (cached == null && namespaceHashes.size() < NAMESPACE_CACHE_LIMIT) namespaceHashes.put(namespace, h);
        recentNamespaces[nextRecent] = namespace;
        recentHashes[nextRecent] = h;
        nextRecent = (nextRecent + 1) % RECENT;
        return h;
    }

    /** The 32-bit hash of one feature, before masking; for audits and tools that explain an index. */
    public int featureHash(String namespace, String name) {
        return murmur.hash(name, namespaceHash(namespace));
    }

    /** The index a (non-crossed) feature lands on. */
    public int index(String namespace, String name) {
        return featureHash(namespace, name) & mask;
    }

    private void begin() {
        featureCount = 0;
        blockCount = 0;
        emitCount = 0;
    }

    private void addSide(Map<String, Map<String, Double>> features) {
        if (features == null) return;
        for (Map.Entry<String, Map<String, Double>> ns : features.entrySet()) {
            String namespace = ns.getKey();
            Map<String, Double> named = ns.getValue();
            if (namespace == null) throw new IllegalArgumentException("feature namespace name must not be null");
            if (named == null || named.isEmpty()) continue;
            int nsHash = namespaceHash(namespace);
            openBlock(namespace);
            for (Map.Entry<String, Double> f : named.entrySet()) {
                String name = f.getKey();
                Double boxed = f.getValue();
                if (name == null) {
                    throw new IllegalArgumentException("feature name in namespace " + namespace + " must not be null");
                }
                if (boxed == null || !Double.isFinite(boxed)) {
                    throw new IllegalArgumentException("feature " + namespace + "." + name + " = " + boxed
                            + " is not a finite number");
                }
                double v = boxed;
                // A zero contributes nothing to a linear feature or to any cross, so it is not kept at all.
                if (v == 0.0) continue;
                int h = murmur.hash(name, nsHash);
                if (featureCount == featureHash.length) {
                    featureHash = Arrays.copyOf(featureHash, 2 * featureCount);
                    featureValue = Arrays.copyOf(featureValue, 2 * featureCount);
                }
                featureHash[featureCount] = h;
                featureValue[featureCount] = v;
                featureCount++;
                emit(h, v);
            }
            blockStart[blockCount] = featureCount;
        }
    }

    private void openBlock(String namespace) {
        if (blockCount == blockNamespace.length) {
            int capacity = 2 * blockCount;
            blockNamespace = Arrays.copyOf(blockNamespace, capacity);
            blockStart = Arrays.copyOf(blockStart, capacity + 1);
        }
        blockNamespace[blockCount] = namespace;
        blockStart[blockCount] = featureCount;
        blockCount++;
        blockStart[blockCount] = featureCount;
    }

    private SparseVector finish() {
        for (Cross c : crosses) {
            if (c.left.equals(c.right)) selfCross(c.left);
            else cross(c.left, c.right);
        }
        if (allPairs) crossAllPairs();
        if (config.bias()) emit(CONSTANT_HASH, 1.0);
        return merge();
    }

    /**
     * Every pair of the example's distinct namespaces once, in name order (so the result does not depend on the
     * order of the maps), and each namespace with itself.
     */
    private void crossAllPairs() {
        int n = 0;
        if (namespaces.length < blockCount) namespaces = new String[Math.max(blockCount, 2 * namespaces.length)];
        for (int b = 0; b < blockCount; b++) {
            String ns = blockNamespace[b];
            boolean seen = false;
            for (int i = 0; i < n && !seen; i++) seen = namespaces[i].equals(ns);
            if (!seen) namespaces[n++] = ns;
        }
        Arrays.sort(namespaces, 0, n);
        for (int i = 0; i < n; i++) {
            selfCross(namespaces[i]);
            for (int j = i + 1; j < n; j++) cross(namespaces[i], namespaces[j]);
        }
    }

    private void cross(String left, String right) {
        for (int bl = 0; bl < blockCount; bl++) {
            if (!blockNamespace[bl].equals(left)) continue;
            for (int br = 0; br < blockCount; br++) {
                if (!blockNamespace[br].equals(right)) continue;
                for (int i = blockStart[bl]; i < blockStart[bl + 1]; i++) {
                    int h1 = featureHash[i] * FNV_PRIME;
                    double v1 = featureValue[i];
                    for (int j = blockStart[br]; j < blockStart[br + 1]; j++) {
                        emit(h1 ^ featureHash[j], v1 * featureValue[j]);
                    }
                }
            }
        }
    }

    /**
     * A namespace with itself: each unordered pair once (VW's default "combinations"). Which feature of a pair
     * is "left" is decided by the hashes, not by map iteration order, so the result does not depend on how the
     * map was built. A feature with itself is kept only when its value is not 1, where it would only repeat
     * the linear feature (as VW does).
     */
    private void selfCross(String namespace) {
        for (int b1 = 0; b1 < blockCount; b1++) {
            if (!blockNamespace[b1].equals(namespace)) continue;
            for (int b2 = b1; b2 < blockCount; b2++) {
                if (!blockNamespace[b2].equals(namespace)) continue;
                for (int i = blockStart[b1]; i < blockStart[b1 + 1]; i++) {
                    int hi = featureHash[i];
                    double vi = featureValue[i];
                    int jFrom = b1 == b2 ? i : blockStart[b2];
                    for (int j = jFrom; j < blockStart[b2 + 1]; j++) {
                        if (j == i) {
                            if (vi != 1.0) emit(hi * FNV_PRIME ^ hi, vi * vi);
                            continue;
                        }
                        int hj = featureHash[j];
                        int h = Integer.compareUnsigned(hi, hj) <= 0 ? hi * FNV_PRIME ^ hj : hj * FNV_PRIME ^ hi;
                        emit(h, vi * featureValue[j]);
                    }
                }
            }
        }
    }

    private void emit(int hash, double value) {
        if (emitCount == keys.length) {
            keys = Arrays.copyOf(keys, 2 * emitCount);
            emitted = Arrays.copyOf(emitted, 2 * emitCount);
        }
        int index = hash & mask;
        emitted[emitCount] = config.signed() && hash < 0 ? -value : value;
        keys[emitCount] = ((long) index << 32) | emitCount;
        emitCount++;
    }

    private SparseVector merge() {
        int n = emitCount;
        Arrays.sort(keys, 0, n);
        if (mergedIndex.length < n) {
            mergedIndex = new int[keys.length];
            mergedValue = new float[keys.length];
        }
        int out = 0;
        int k = 0;
        while (k < n) {
            int index = (int) (keys[k] >>> 32);
            double sum = 0;
            do {
                sum += emitted[(int) keys[k]];
                k++;
            } while (k < n && (int) (keys[k] >>> 32) == index);
            if (sum == 0.0) continue;
            float v = (float) sum;
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("hashed value at index " + index + " is " + sum
                        + ", beyond float range; scale the features down");
            }
            mergedIndex[out] = index;
            mergedValue[out] = v;
            out++;
        }
        return new SparseVector(Arrays.copyOf(mergedIndex, out), Arrays.copyOf(mergedValue, out), mask + 1);
    }
}
