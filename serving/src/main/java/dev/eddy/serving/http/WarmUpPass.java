package dev.eddy.serving.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Marks the HTTP warm-up's own rank requests, whose decisions are made and encoded as every request's are but not
 * logged: a random secret that never leaves the process (the warm-up sends it over loopback in {@link #HEADER}), and
 * that admits nothing once closed, which serving does before {@code /readyz} first answers 200. A client that sends
 * the header, with any value, is ranked and logged as usual.
 */
public final class WarmUpPass {
    public static final String HEADER = "Eddy-Warm-Up";

    private final byte[] secret;
    private volatile boolean open;

    private WarmUpPass(byte[] secret, boolean open) {
        this.secret = secret;
        this.open = open;
    }

    /** An open pass with a fresh 128-bit secret. */
    public static WarmUpPass random() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return new WarmUpPass(HexFormat.of().formatHex(b).getBytes(StandardCharsets.US_ASCII), true);
    }

    /** A pass that admits nothing: a server without a warm-up. */
    public static WarmUpPass closed() {
        return new WarmUpPass(new byte[0], false);
    }

    /** The header value the warm-up sends. */
    public String secret() {
        return new String(secret, StandardCharsets.US_ASCII);
    }

    /** Whether a request carrying {@code header} is the warm-up's own (compared in constant time). */
    public boolean admits(String header) {
        return open && header != null && MessageDigest.isEqual(secret, header.getBytes(StandardCharsets.US_ASCII));
    }

    public boolean isOpen() {
        return open;
    }

    /** From now on every request is logged. */
    public void close() {
        open = false;
    }
}
