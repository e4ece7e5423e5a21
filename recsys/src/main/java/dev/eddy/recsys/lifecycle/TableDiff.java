package dev.eddy.recsys.lifecycle;

import dev.eddy.events.model.EmbeddingRows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a delta version must send for one table: the rows that are new or whose bits changed since the base, and
 * the base's ids that are gone. Rows equal bit for bit (floatToRawIntBits, so −0.0 ≠ 0.0 and NaNs by payload) are
 * not resent; a reader assembling the delta on its base therefore gets exactly the new table.
 */
public final class TableDiff {
    private TableDiff() {}

    /**
     * @param baseIds  the base's ids, null for a full version (every row is sent)
     * @param baseRows the base's rows
     * @param ids      the new table's ids
     * @param rows     the new table's rows
     */
    public static EmbeddingRows.Changes changes(String[] baseIds, float[] baseRows, Map<String, Integer> baseIndex,
                                         String[] ids, float[] rows, int dim) {
        List<String> changed = new ArrayList<>();
        float[] out = new float[rows.length];
        int n = 0;
        Set<String> present = new HashSet<>();
        for (int r = 0; r < ids.length; r++) {
            present.add(ids[r]);
            Integer old = baseIds == null ? null : baseIndex.get(ids[r]);
            if (old != null && sameBits(baseRows, old * dim, rows, r * dim, dim)) continue;
            changed.add(ids[r]);
            System.arraycopy(rows, r * dim, out, n * dim, dim);
            n++;
        }
        List<String> removed = new ArrayList<>();
        if (baseIds != null) for (String id : baseIds) if (!present.contains(id)) removed.add(id);
        return new EmbeddingRows.Changes(changed, java.util.Arrays.copyOf(out, n * dim), removed);
    }

    private static boolean sameBits(float[] a, int ao, float[] b, int bo, int dim) {
        for (int f = 0; f < dim; f++) {
            if (Float.floatToRawIntBits(a[ao + f]) != Float.floatToRawIntBits(b[bo + f])) return false;
        }
        return true;
    }
}
