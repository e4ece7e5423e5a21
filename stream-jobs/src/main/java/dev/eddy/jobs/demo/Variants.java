package dev.eddy.jobs.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The demo's A/B split: a user is in {@link #LEARNED} or {@link #UNIFORM} by a salted hash of the user id, so a user
 * stays in one variant for the whole run and the split does not depend on the order users arrive in.
 */
public final class Variants {
    /** The learned policy; also the name of its model in {@code eddy.models}. */
    public static final String LEARNED = "neufastcb";
    /** The baseline: every candidate with the same probability. */
    public static final String UNIFORM = "uniform";
    private static final String SALT = "eddy-demo-ab-1";

    private Variants() {}

    public static String of(String userId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((SALT + ":" + userId).getBytes(StandardCharsets.UTF_8));
            return (h[0] & 1) == 0 ? LEARNED : UNIFORM;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
