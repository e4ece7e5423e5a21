package dev.eddy.bandits.mdp.eval;

/**
 * One run of a session policy on an environment: {@code cumulativeRegret[k - 1]} is the regret after episode k, and
 * {@code slope} the log-log slope of that curve ({@link LogLogSlope#fit}).
 */
public record MdpResult(String environment, String policy, long seed, double[] cumulativeRegret, double slope,
                        double wallSeconds) {

    public int episodes() {
        return cumulativeRegret.length;
    }

    /** The regret after the last episode. */
    public double regret() {
        return cumulativeRegret[cumulativeRegret.length - 1];
    }

    public double episodesPerSecond() {
        return wallSeconds > 0 ? episodes() / wallSeconds : Double.POSITIVE_INFINITY;
    }
}
