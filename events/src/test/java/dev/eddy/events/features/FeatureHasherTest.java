package dev.eddy.events.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;

class FeatureHasherTest {

    private static final int P = 16777619;

    // The hashing spelled out with the JDK's own UTF-8 bytes, independent of the hasher's buffers and caches.
    private static int murmur(String s, int seed) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return MurmurHash3.hash32x86(b, 0, b.length, seed);
    }

    private static int refHash(int seed, String ns, String name) {
        return murmur(name, murmur(ns, seed));
    }

    private static void put(Map<Integer, Double> acc, HashingConfig c, int hash, double value) {
        double signed = c.signed() && hash < 0 ? -value : value;
        acc.merge(hash & (c.dimension() - 1), signed, Double::sum);
    }

    private static Map<String, Map<String, Double>> ns(String namespace, Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) m.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        out.put(namespace, m);
        return out;
    }

    @SafeVarargs
    private static Map<String, Map<String, Double>> merged(Map<String, Map<String, Double>>... parts) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Map<String, Map<String, Double>> p : parts) out.putAll(p);
        return out;
    }

    private static Map<Integer, Double> entries(SparseVector v) {
        Map<Integer, Double> m = new TreeMap<>();
        for (int k = 0; k < v.size(); k++) m.put(v.indices()[k], (double) v.values()[k]);
        return m;
    }

    private static Map<String, Map<String, Double>> manyFeatures(String namespace, int n) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < n; i++) m.put("f" + i, 1.0);
        return Map.of(namespace, m);
    }

    @Test
    void indicesFollowTheVowpalWabbitFormula() {
        for (int seed : new int[] {0, 1, -7, 123456}) {
            HashingConfig c = HashingConfig.ofBits(20).withSeed(seed).withBias(false);
            FeatureHasher hasher = new FeatureHasher(c);
            int expected = refHash(seed, "user", "country=DE") & (c.dimension() - 1);
            assertThat(hasher.index("user", "country=DE")).isEqualTo(expected);
            assertThat(hasher.namespaceHash("user")).isEqualTo(murmur("user", seed));
            Map<Integer, Double> reference = new TreeMap<>();
            put(reference, c, refHash(seed, "user", "country=DE"), 1.0);
            put(reference, c, refHash(seed, "user", "age"), (double) 0.3f);
            assertThat(entries(hasher.hash(ns("user", "country=DE", 1.0, "age", 0.3)))).isEqualTo(reference);
        }
        // Pinned values: with seed 0 the namespace "user" hashes to 0x95943d0d.
        FeatureHasher h = new FeatureHasher(HashingConfig.ofBits(30));
        assertThat(h.namespaceHash("user")).isEqualTo(0x95943d0d);
        assertThat(h.featureHash("user", "country=DE")).isEqualTo(murmur("country=DE", 0x95943d0d));
    }

    @Test
    void hashingIsDeterministicAndIgnoresMapOrder() {
        HashingConfig c = HashingConfig.ofBits(18).withSigned(true).withCrosses("user:item", "user:user");
        Map<String, Double> userForward = new LinkedHashMap<>();
        Map<String, Double> userBackward = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) userForward.put("u" + i, i * 0.5 + 0.25);
        for (int i = 29; i >= 0; i--) userBackward.put("u" + i, i * 0.5 + 0.25);
        Map<String, Map<String, Double>> a = new LinkedHashMap<>();
        a.put("user", userForward);
        a.put("item", Map.of("id=7", 1.0, "price", 3.5));
        Map<String, Map<String, Double>> b = new LinkedHashMap<>();
        b.put("item", Map.of("price", 3.5, "id=7", 1.0));
        b.put("user", userBackward);

        FeatureHasher one = new FeatureHasher(c);
        SparseVector first = one.hash(a);
        assertThat(one.hash(a)).isEqualTo(first);
        assertThat(one.hash(b)).isEqualTo(first);
        assertThat(new FeatureHasher(c).hash(b)).isEqualTo(first);
    }

    @Test
    void seedChangesIndices() {
        HashingConfig c = HashingConfig.ofBits(18).withBias(false);
        Map<String, Map<String, Double>> f = manyFeatures("user", 200);
        Set<Integer> seed0 = entries(new FeatureHasher(c).hash(f)).keySet();
        Set<Integer> seed1 = new HashSet<>(entries(new FeatureHasher(c.withSeed(1)).hash(f)).keySet());
        seed1.retainAll(seed0);
        // Independent hashings of 200 features into 2^18 slots share about 200 * 200 / 2^18 < 1 index.
        assertThat(seed0).hasSizeGreaterThan(190);
        assertThat(seed1).hasSizeLessThan(5);
    }

    @Test
    void indicesStayBelowTheDimension() {
        for (int bits : new int[] {1, 4, 12, 30}) {
            HashingConfig c = HashingConfig.ofBits(bits).withCrosses("a:b");
            Map<String, Map<String, Double>> f = merged(manyFeatures("a", 300), manyFeatures("b", 20));
            SparseVector v = new FeatureHasher(c).hash(f);
            assertThat(v.dimension()).isEqualTo(1 << bits);
            for (int i : v.indices()) assertThat(i).isBetween(0, (1 << bits) - 1);
            if (bits <= 4) assertThat(v.size()).isLessThanOrEqualTo(1 << bits);
        }
    }

    @Test
    void collidingFeaturesAreSummed() {
        FeatureHasher h = new FeatureHasher(HashingConfig.ofBits(3).withBias(false));
        String[] pair = findCollision(h, false);
        SparseVector v = h.hash(ns("x", pair[0], 1.5, pair[1], 2.25));
        assertThat(v.size()).isEqualTo(1);
        assertThat(v.indices()[0]).isEqualTo(h.index("x", pair[0]));
        assertThat(v.values()[0]).isEqualTo(3.75f);
    }

    @Test
    void signedCollisionsWithOppositeSignsCancel() {
        FeatureHasher h = new FeatureHasher(HashingConfig.ofBits(3).withBias(false).withSigned(true));
        String[] opposite = findCollision(h, true);
        assertThat(h.hash(ns("x", opposite[0], 2.0, opposite[1], 2.0))).isEqualTo(SparseVector.empty(8));
        String[] same = findCollision(h, false);
        float sign = h.featureHash("x", same[0]) < 0 ? -1f : 1f;
        assertThat(h.hash(ns("x", same[0], 2.0, same[1], 2.0)).values()).containsExactly(4f * sign);
    }

    /** Two names in namespace "x" on the same index whose hash sign bits differ or agree. */
    private static String[] findCollision(FeatureHasher h, boolean oppositeSigns) {
        for (int i = 0; i < 100; i++) {
            for (int j = i + 1; j < 100; j++) {
                String a = "f" + i;
                String b = "f" + j;
                boolean opposite = (h.featureHash("x", a) < 0) != (h.featureHash("x", b) < 0);
                if (h.index("x", a) == h.index("x", b) && opposite == oppositeSigns) return new String[] {a, b};
            }
        }
        throw new AssertionError("no collision among 100 names in 8 slots");
    }

    @Test
    void signsAreBalancedAndIndependentOfTheIndex() {
        FeatureHasher signed = new FeatureHasher(HashingConfig.ofBits(10).withBias(false).withSigned(true));
        FeatureHasher unsigned = new FeatureHasher(HashingConfig.ofBits(10).withBias(false));
        Random random = new Random(2009);
        int n = 20_000;
        long sum = 0;
        long[] negatives = new long[2];
        long[] counts = new long[2];
        for (int t = 0; t < n; t++) {
            Map<String, Map<String, Double>> f = ns("ns" + random.nextInt(5), "w" + random.nextLong(), 1.0);
            SparseVector v = signed.hash(f);
            assertThat(v.size()).isEqualTo(1);
            float s = v.values()[0];
            assertThat(Math.abs(s)).isEqualTo(1f);
            sum += (long) s;
            int parity = v.indices()[0] & 1;
            counts[parity]++;
            if (s < 0) negatives[parity]++;
            assertThat(unsigned.hash(f)).isEqualTo(new SparseVector(v.indices(), new float[] {1f}, 1024));
        }
        // Standard error of the mean sign is 1/sqrt(n) ≈ 0.007; 0.03 is over four of them.
        assertThat((double) sum / n).isCloseTo(0.0, within(0.03));
        // A sign taken from an index bit would make the fraction 0 or 1 here.
        assertThat((double) negatives[0] / counts[0]).isCloseTo(0.5, within(0.03));
        assertThat((double) negatives[1] / counts[1]).isCloseTo(0.5, within(0.03));
    }

    @Test
    void allPairsIsEveryPairOfNamespacesInNameOrderAndEachWithItself() {
        HashingConfig base = HashingConfig.ofBits(20).withSigned(true);
        Map<String, Map<String, Double>> shared = merged(ns("user", "a", 2.0, "b", 3.0), ns("ctx", "m", 0.5));
        Map<String, Map<String, Double>> action = merged(ns("item", "x", 5.0, "y", 7.0), ns("user", "c", 1.5));
        SparseVector all = new FeatureHasher(base.withCrosses("*:*")).hashJoint(shared, action);
        // ctx < item < user: the same features as the six crosses named one by one.
        SparseVector named = new FeatureHasher(base.withCrosses("ctx:ctx", "ctx:item", "ctx:user", "item:item",
                "item:user", "user:user")).hashJoint(shared, action);
        assertThat(entries(all)).isEqualTo(entries(named));
        // The order of the maps (and which side a namespace comes from) does not matter.
        SparseVector reordered = new FeatureHasher(base.withCrosses("*:*"))
                .hashJoint(merged(ns("user", "c", 1.5), ns("item", "y", 7.0, "x", 5.0)),
                        merged(ns("ctx", "m", 0.5), ns("user", "b", 3.0, "a", 2.0)));
        assertThat(entries(reordered)).isEqualTo(entries(all));
        // One namespace: all pairs is the namespace with itself.
        Map<String, Map<String, Double>> one = ns("x", "p", 2.0, "q", -1.0, "r", 0.25);
        assertThat(entries(new FeatureHasher(base.withCrosses("*:*")).hash(one)))
                .isEqualTo(entries(new FeatureHasher(base.withCrosses("x:x")).hash(one)));
    }

    @Test
    void crossesMultiplyValuesAndAddLeftTimesRightFeatures() {
        HashingConfig c = HashingConfig.ofBits(24).withBias(false).withCrosses("user:item");
        Map<String, Map<String, Double>> shared = ns("user", "a", 2.0, "b", 3.0);
        Map<String, Map<String, Double>> action = ns("item", "x", 5.0, "y", 7.0, "z", 0.5);

        Map<Integer, Double> expected = new TreeMap<>();
        for (String u : List.of("a", "b")) put(expected, c, refHash(0, "user", u), shared.get("user").get(u));
        for (String i : List.of("x", "y", "z")) put(expected, c, refHash(0, "item", i), action.get("item").get(i));
        for (String u : List.of("a", "b")) {
            for (String i : List.of("x", "y", "z")) {
                put(expected, c, refHash(0, "user", u) * P ^ refHash(0, "item", i),
                        shared.get("user").get(u) * action.get("item").get(i));
            }
        }

        FeatureHasher h = new FeatureHasher(c);
        SparseVector joint = h.hashJoint(shared, action);
        assertThat(joint.size()).isEqualTo(2 + 3 + 2 * 3);
        assertThat(entries(joint)).isEqualTo(expected);
        assertThat(joint.values()).contains(10f, 14f, 1f, 15f, 21f, 1.5f);
        // Without the cross only the linear features remain.
        assertThat(new FeatureHasher(c.withCrosses(List.of())).hashJoint(shared, action).size()).isEqualTo(5);
        // The reversed cross is a different set of features.
        SparseVector reversed = new FeatureHasher(c.withCrosses(List.of()).withCrosses("item:user"))
                .hashJoint(shared, action);
        assertThat(reversed.size()).isEqualTo(11);
        assertThat(reversed).isNotEqualTo(joint);
    }

    @Test
    void jointHashingEqualsHashingTheMergedFeatures() {
        HashingConfig c = HashingConfig.ofBits(18).withSigned(true).withCrosses("user:item", "item:ctx", "user:user");
        Map<String, Map<String, Double>> shared = merged(ns("user", "a", 1.0, "b", -2.0), ns("ctx", "hour=9", 1.0));
        Map<String, Map<String, Double>> action = ns("item", "id=3", 1.0, "len", 0.7);
        FeatureHasher h = new FeatureHasher(c);
        assertThat(h.hashJoint(shared, action)).isEqualTo(h.hash(merged(shared, action)));
        // A namespace on both sides counts as one: its features from both sides are crossed.
        Map<String, Map<String, Double>> actionUser = merged(action, ns("user", "c", 3.0));
        SparseVector v = new FeatureHasher(c.withCrosses(List.of()).withCrosses("user:item").withBias(false))
                .hashJoint(shared, actionUser);
        assertThat(v.get((refHash(0, "user", "c") * P ^ refHash(0, "item", "len")) & (c.dimension() - 1)))
                .isCloseTo(signOf(refHash(0, "user", "c") * P ^ refHash(0, "item", "len")) * 2.1f, within(1e-6f));
        assertThat(v.size()).isEqualTo(3 + 1 + 2 + 3 * 2);
    }

    @Test
    void hashingManyActionsAgainstOneContextEqualsHashingEachJointly() {
        Random r = new Random(5);
        for (String crosses : List.of("user:item", "*:*", "user:user", "item:item")) {
            HashingConfig c = HashingConfig.ofBits(10).withSigned(true).withCrosses(crosses);
            Map<String, Map<String, Double>> shared = merged(ns("user", "a", 1.0, "b", -2.0), ns("ctx", "h=9", 0.5));
            List<Map<String, Map<String, Double>>> actions = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Map<String, Map<String, Double>> a = merged(ns("item", "id=" + r.nextInt(50), 1.0),
                        ns("mf", "score", r.nextDouble()));
                // Some actions repeat a shared namespace, and some are large enough to grow the hasher's buffers.
                if (i % 7 == 3) a = merged(a, ns("user", "c", 3.0));
                if (i % 11 == 5) {
                    Object[] many = new Object[2 * 90];
                    for (int f = 0; f < 90; f++) {
                        many[2 * f] = "f" + f;
                        many[2 * f + 1] = r.nextDouble() + 0.1;
                    }
                    a = merged(a, ns("item", many));
                }
                actions.add(a);
            }
            FeatureHasher batch = new FeatureHasher(c);
            FeatureHasher single = new FeatureHasher(c);
            List<SparseVector> all = batch.hashJointAll(shared, actions);
            assertThat(all).hasSize(actions.size());
            for (int i = 0; i < actions.size(); i++) {
                assertThat(all.get(i)).as(crosses + " action " + i).isEqualTo(single.hashJoint(shared, actions.get(i)));
            }
            // The batch leaves the hasher as it found it for the next example.
            assertThat(batch.hashJoint(shared, actions.get(3))).isEqualTo(single.hashJoint(shared, actions.get(3)));
        }
    }

    private static float signOf(int hash) {
        return hash < 0 ? -1f : 1f;
    }

    @Test
    void selfCrossPairsEachTwoFeaturesOnce() {
        HashingConfig c = HashingConfig.ofBits(24).withBias(false).withCrosses("user:user");
        Map<String, Double> values = Map.of("a", 1.0, "b", 2.0, "c", 3.0);
        Map<Integer, Double> expected = new TreeMap<>();
        List<String> names = new ArrayList<>(values.keySet());
        for (String n : names) put(expected, c, refHash(0, "user", n), values.get(n));
        for (int i = 0; i < names.size(); i++) {
            for (int j = i; j < names.size(); j++) {
                int hi = refHash(0, "user", names.get(i));
                int hj = refHash(0, "user", names.get(j));
                double v = values.get(names.get(i)) * values.get(names.get(j));
                if (i == j && values.get(names.get(i)) == 1.0) continue; // a*a would repeat a
                int lo = Integer.compareUnsigned(hi, hj) <= 0 ? hi : hj;
                int hiHash = lo == hi ? hj : hi;
                put(expected, c, lo * P ^ hiHash, v);
            }
        }
        SparseVector v = new FeatureHasher(c).hash(Map.of("user", values));
        assertThat(v.size()).isEqualTo(3 + 3 + 2);
        assertThat(entries(v)).isEqualTo(expected);
    }

    @Test
    void biasIsAConstantFeature() {
        HashingConfig c = HashingConfig.ofBits(18).withSigned(true);
        SparseVector empty = new FeatureHasher(c).hash(Map.of());
        int biasIndex = FeatureHasher.CONSTANT_HASH & (c.dimension() - 1);
        assertThat(empty).isEqualTo(new SparseVector(new int[] {biasIndex}, new float[] {1f}, c.dimension()));
        assertThat(new FeatureHasher(c.withSeed(99)).hash(null)).isEqualTo(empty);
        assertThat(new FeatureHasher(c.withBias(false)).hash(Map.of())).isEqualTo(SparseVector.empty(c.dimension()));
        SparseVector one = new FeatureHasher(c).hash(ns("user", "a", 1.0));
        assertThat(one.size()).isEqualTo(2);
        assertThat(one.get(biasIndex)).isEqualTo(1f);
    }

    @Test
    void sameNameInDifferentNamespacesGetsDifferentIndices() {
        FeatureHasher h = new FeatureHasher(HashingConfig.ofBits(18).withBias(false));
        int differ = 0;
        for (int i = 0; i < 100; i++) {
            if (h.index("user", "f" + i) != h.index("item", "f" + i)) differ++;
        }
        assertThat(differ).isGreaterThanOrEqualTo(99);
        assertThat(h.hash(ns("user", "id=1", 1.0))).isNotEqualTo(h.hash(ns("item", "id=1", 1.0)));
        assertThat(h.hash(merged(ns("user", "id=1", 1.0), ns("item", "id=1", 1.0))).size()).isEqualTo(2);
    }

    @Test
    void collisionsMatchTheBirthdayExpectation() {
        int n = 1000;
        int trials = 200;
        double m = 1 << 18;
        Map<String, Map<String, Double>> f = manyFeatures("user", n);
        long collisions = 0;
        for (int seed = 0; seed < trials; seed++) {
            SparseVector v = new FeatureHasher(HashingConfig.ofBits(18).withBias(false).withSeed(seed)).hash(f);
            collisions += n - v.size();
        }
        // Expected features lost to sharing an index: n - m(1 - (1 - 1/m)^n) ≈ 1.90; the mean over 200 trials
        // has a standard error of about sqrt(1.9 / 200) ≈ 0.1.
        double expected = n - m * (1 - Math.pow(1 - 1 / m, n));
        assertThat(expected).isCloseTo(1.90, within(0.01));
        assertThat((double) collisions / trials).isCloseTo(expected, within(0.4));
    }

    @Test
    void zeroValuesAreDroppedAndBadValuesRejected() {
        FeatureHasher h = new FeatureHasher(HashingConfig.ofBits(18).withBias(false).withCrosses("a:b"));
        assertThat(h.hash(merged(ns("a", "x", 0.0, "y", 1.0), ns("b", "z", 2.0))).size()).isEqualTo(3);
        assertThatThrownBy(() -> h.hash(ns("user", "age", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature user.age = NaN is not a finite number");
        Map<String, Double> withNull = new HashMap<>();
        withNull.put("age", null);
        assertThatThrownBy(() -> h.hash(Map.of("user", withNull)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature user.age = null is not a finite number");
        assertThatThrownBy(() -> h.hash(merged(ns("a", "x", 1e30), ns("b", "z", 1e30))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond float range");
        Map<String, Map<String, Double>> nullNamespace = new HashMap<>();
        nullNamespace.put("a", null);
        assertThat(h.hash(nullNamespace).size()).isZero();
    }

    @Test
    void reusedBuffersDoNotLeakBetweenExamples() {
        HashingConfig c = HashingConfig.ofBits(20).withSigned(true).withCrosses("user:item");
        FeatureHasher reused = new FeatureHasher(c);
        Map<String, Map<String, Double>> small = merged(ns("user", "a", 1.0), ns("item", "x", 2.0));
        Map<String, Map<String, Double>> large = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) large.putAll(manyFeatures("ns" + i, 50));
        large.putAll(manyFeatures("user", 300));
        large.putAll(manyFeatures("item", 300));
        SparseVector smallFirst = reused.hash(small);
        SparseVector big = reused.hash(large);
        assertThat(reused.hash(small)).isEqualTo(smallFirst).isEqualTo(new FeatureHasher(c).hash(small));
        assertThat(big).isEqualTo(new FeatureHasher(c).hash(large));
        // 92,600 features in 2^20 slots: about 4,100 collide, and the half with opposite signs cancel.
        assertThat(big.size()).isBetween(85_000, 92_600);
    }
}
