package dev.eddy.bandits.experiment;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Adjusted p-values for many comparisons at once (variants × metrics × segments): compare each adjusted p-value with
 * α. Each works on any valid p-values, the always-valid ones included.
 */
public final class MultipleComparisons {

    private MultipleComparisons() {
    }

    /**
     * Holm's step-down adjustment (Holm 1979), controlling the family-wise error rate under any dependence: with the
     * p-values sorted ascending, p̃_(i) = max over j ≤ i of min(1, (m − j + 1)·p_(j)). Same order as the input.
     */
    public static double[] holm(double[] pValues) {
        int m = check(pValues);
        Integer[] order = ascending(pValues);
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /**
     * Benjamini–Hochberg's step-up adjustment (Benjamini and Hochberg 1995), controlling the false discovery rate
     * for independent or positively dependent p-values: p̃_(i) = min over j ≥ i of min(1, m·p_(j)/j). Same order as
     * the input.
     */
    public static double[] benjaminiHochberg(double[] pValues) {
        int m = check(pValues);
        Integer[] order = ascending(pValues);
        double[] adjusted = new double[m];
        double running = 1;
        for (int rank = m - 1; rank >= 0; rank--) {
            int i = order[rank];
            running = Math.min(running, Math.min(1, m * pValues[i] / (rank + 1)));
            adjusted[i] = running;
        }
        return adjusted;
    }

    private static int check(double[] pValues) {
        for (double p : pValues) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("p-values must be in [0, 1], got " + p);
        }
        return pValues.length;
    }

    private static Integer[] ascending(double[] pValues) {
        Integer[] order = IntStream.range(0, pValues.length).boxed().toArray(Integer[]::new);
        // A stable sort: ties keep their input order, so equal p-values get equal adjusted values either way.
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        return order;
    }
}
