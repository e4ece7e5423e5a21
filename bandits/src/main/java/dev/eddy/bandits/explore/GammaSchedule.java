package dev.eddy.bandits.explore;

/**
 * How exploitative inverse gap weighting is in round t: γ_t = c · t^e (VW's squarecb defaults c = 10, e = 0.5), or a
 * constant (e = 0), e.g. set from the horizon as γ = sqrt(K·T) up to a constant, as in Foster & Rakhlin 2020.
 */
public record GammaSchedule(double scale, double exponent) {
    public GammaSchedule {
        if (!(scale >= 0) || !Double.isFinite(scale)) throw new IllegalArgumentException("gamma scale must be >= 0");
        if (!(exponent >= 0 && exponent <= 1)) throw new IllegalArgumentException("gamma exponent must be in [0, 1]");
    }

    public static GammaSchedule vwDefault() {
        return new GammaSchedule(10, 0.5);
    }

    public static GammaSchedule fromHorizon(int actions, long horizon, double constant) {
        return new GammaSchedule(constant * Math.sqrt((double) actions * horizon), 0);
    }

    /** γ for round {@code t} (1-based). */
    public double gamma(long t) {
        return exponent == 0 ? scale : scale * Math.pow(Math.max(1, t), exponent);
    }
}
