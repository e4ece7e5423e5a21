package dev.eddy.bandits.ope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups samples into slates, the units that bootstrap resamples and that RIPS multiplies weights over. Slots of one
 * slate are dependent (one user saw them together), so resampling slots alone would understate the variance.
 */
final class Slates {

    private Slates() {}

    /**
     * Indices into {@code samples}, one array per slate in order of first appearance, each sorted by position.
     * Samples with {@link LoggedSample#NO_SLATE} are slates of their own.
     */
    static List<int[]> group(List<LoggedSample> samples) {
        List<List<Integer>> units = new ArrayList<>();
        Map<Long, List<Integer>> byId = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            long id = samples.get(i).slateId();
            if (id == LoggedSample.NO_SLATE) {
                units.add(List.of(i));
                continue;
            }
            List<Integer> unit = byId.get(id);
            if (unit == null) {
                unit = new ArrayList<>(4);
                byId.put(id, unit);
                units.add(unit);
            }
            unit.add(i);
        }
        List<int[]> out = new ArrayList<>(units.size());
        for (List<Integer> unit : units) {
            int[] idx = unit.stream().mapToInt(Integer::intValue).toArray();
            if (idx.length > 1) {
                Integer[] boxed = Arrays.stream(idx).boxed().toArray(Integer[]::new);
                Arrays.sort(boxed, Comparator.comparingInt(i -> samples.get(i).position()));
                for (int k = 0; k < boxed.length; k++) idx[k] = boxed[k];
                for (int k = 1; k < idx.length; k++) {
                    if (samples.get(idx[k]).position() == samples.get(idx[k - 1]).position()) {
                        throw new IllegalArgumentException("slate " + samples.get(idx[k]).slateId()
                                + " has two samples at position " + samples.get(idx[k]).position());
                    }
                }
            }
            out.add(idx);
        }
        return out;
    }
}
