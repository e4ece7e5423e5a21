package dev.eddy.jobs.experiments;

import dev.eddy.bandits.experiment.MetricStats;

/**
 * Sufficient statistics of one cell of an experiment, in sums that add and subtract: the users (n) and, per user, a
 * numerator y, a denominator x and the CUPED covariate c (the sums of {@link MetricStats}); for a variant's own cell
 * (no metric) the users and their exposures. One user's contribution, a change of it (a delta: new minus old, so n
 * may be -1, 0 or 1) and a cell's total are all of this type. A Flink POJO, kept in keyed state.
 */
public class CellStats {
    public long n;
    public long exposures;
    public double sumY;
    public double sumY2;
    public double sumX;
    public double sumX2;
    public double sumXY;
    public double sumC;
    public double sumC2;
    public double sumYC;
    public double sumXC;

    public CellStats() {}

    /** One user with numerator y, denominator x and covariate c. */
    public static CellStats user(double y, double x, double c) {
        CellStats s = new CellStats();
        s.n = 1;
        s.sumY = y;
        s.sumY2 = y * y;
        s.sumX = x;
        s.sumX2 = x * x;
        s.sumXY = x * y;
        s.sumC = c;
        s.sumC2 = c * c;
        s.sumYC = y * c;
        s.sumXC = x * c;
        return s;
    }

    /** One user of a variant with this many exposures. */
    public static CellStats variantUser(long exposures) {
        CellStats s = new CellStats();
        s.n = 1;
        s.exposures = exposures;
        return s;
    }

    /** Adds {@code sign} (1 or -1) times {@code o} to these sums. */
    public CellStats add(CellStats o, int sign) {
        n += sign * o.n;
        exposures += sign * o.exposures;
        sumY += sign * o.sumY;
        sumY2 += sign * o.sumY2;
        sumX += sign * o.sumX;
        sumX2 += sign * o.sumX2;
        sumXY += sign * o.sumXY;
        sumC += sign * o.sumC;
        sumC2 += sign * o.sumC2;
        sumYC += sign * o.sumYC;
        sumXC += sign * o.sumXC;
        return this;
    }

    public CellStats copy() {
        return new CellStats().add(this, 1);
    }

    /** Nothing changes: every sum is exactly 0. */
    public boolean isZero() {
        return n == 0 && exposures == 0 && sumY == 0 && sumY2 == 0 && sumX == 0 && sumX2 == 0 && sumXY == 0
                && sumC == 0 && sumC2 == 0 && sumYC == 0 && sumXC == 0;
    }

    /**
     * The statistics library's form. Sums that retractions left a rounding error below 0 (Σy² of cells whose users
     * all left, say) are the library's to judge; only n is checked there, and a total's n is never negative.
     */
    public MetricStats toMetricStats() {
        return new MetricStats(n, sumY, sumY2, sumX, sumX2, sumXY, sumC, sumC2, sumYC, sumXC);
    }

    @Override
    public String toString() {
        return "CellStats{n=" + n + ", exposures=" + exposures + ", y=" + sumY + ", y2=" + sumY2 + ", x=" + sumX
                + ", x2=" + sumX2 + ", xy=" + sumXY + ", c=" + sumC + ", c2=" + sumC2 + ", yc=" + sumYC
                + ", xc=" + sumXC + "}";
    }
}
