package dev.eddy.serving.log;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for the events serving logs, from one DRBG per thread. {@link UUID#randomUUID()} draws
 * from the JVM's one shared NativePRNG, whose reads of /dev/urandom take a global lock: under 1,000 rank requests a
 * second on 2 cores, request threads waited on it 10–86 ms at a time (JFR, JavaMonitorEnter in
 * {@code RecommendationService.decide}). Ids stay unguessable: a reward names its decision by id.
 */
public final class EventIds {
    private EventIds() {}

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(EventIds::drbg);

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            // Every JDK since 9 has DRBG; should one not, the shared generator is still correct, only contended.
            return new SecureRandom();
        }
    }

    /** A new random UUID, as text. */
    public static String next() {
        byte[] b = new byte[16];
        RANDOM.get().nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) msb = (msb << 8) | (b[i] & 0xff);
        for (int i = 8; i < 16; i++) lsb = (lsb << 8) | (b[i] & 0xff);
        return new UUID(msb, lsb).toString();
    }
}
