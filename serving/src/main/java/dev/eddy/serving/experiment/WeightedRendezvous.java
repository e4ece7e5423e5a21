package dev.eddy.serving.experiment;

import dev.eddy.events.experiment.Variant;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Weighted rendezvous (highest-random-weight) hashing over one experiment's variants.
 *
 * <p>Each (salt, user, variant) gets its own uniform draw u in (0,1) and the score -ln(u)/weight, an exponential
 * variable with rate = weight; the smallest wins, so variant v wins with probability weight_v / sum of weights. A
 * variant's draw never depends on the other variants or the weights, which is why raising a weight only pulls users
 * in, lowering it only lets users out, and adding a variant only takes users from the others.
 *
 * <p>The hash is murmur3 x64 128 (seed 0) over length-prefixed UTF-8 parts: fixed, so every replica and every restart
 * agrees, and the length prefixes keep ("ab","c") and ("a","bc") apart. Changing any of this reshuffles every running
 * experiment; {@code WeightedRendezvousTest} pins the values.
 */
final class WeightedRendezvous {

    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private final byte[] salt;
    private final List<byte[]> variantNames;
    private final double[] weights;

    WeightedRendezvous(String salt, List<Variant> variants) {
        this.salt = utf8(salt);
        this.variantNames = variants.stream().map(v -> utf8(v.name())).toList();
        this.weights = variants.stream().mapToDouble(Variant::weight).toArray();
    }

    /** Index of the variant the user lands in. */
    int pick(String userId) {
        byte[] user = utf8(userId);
        int best = 0;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int i = 0; i < weights.length; i++) {
            double score = -Math.log(unitDraw(salt, user, variantNames.get(i))) / weights[i];
            if (score < bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    /** A uniform draw strictly inside (0,1) from the top 53 bits of the hash, so that ln never sees 0. */
    static double unitDraw(byte[] salt, byte[] user, byte[] variant) {
        ByteBuffer buf = ByteBuffer.allocate(12 + salt.length + user.length + variant.length);
        buf.putInt(salt.length).put(salt).putInt(user.length).put(user).putInt(variant.length).put(variant);
        long h = MurmurHash3.hash128x64(buf.array(), 0, buf.capacity(), 0)[0];
        return ((h >>> 11) + 0.5) * TWO_POW_MINUS_53;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
