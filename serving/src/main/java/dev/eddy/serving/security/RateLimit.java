package dev.eddy.serving.security;

/**
 * A key's own request rate, overriding serving.rate-limit and serving.rate-burst for that key: {@code perSecond}
 * requests a second, at most {@code burst} at once after a pause. {@code perSecond} 0 is no limit for the key (a
 * trusted internal caller on a server that limits the others).
 */
public record RateLimit(double perSecond, double burst) {
    public RateLimit {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("a rate must be a finite number >= 0, was " + perSecond);
        }
        if (perSecond > 0 && !(burst >= 1) || Double.isInfinite(burst)) {
            throw new IllegalArgumentException("a burst must be a finite number >= 1, was " + burst);
        }
    }

    /** {@code perSecond} with the default burst, one second's worth (as serving.rate-burst 0 is). */
    public static RateLimit of(double perSecond, Double burst) {
        return new RateLimit(perSecond, burst != null ? burst : Math.max(1, Math.ceil(perSecond)));
    }

    public boolean unlimited() {
        return perSecond == 0;
    }

    /** As the key file writes it: {@code rate=200 burst=400}. */
    public String words() {
        return "rate=" + plain(perSecond) + " burst=" + plain(burst);
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
