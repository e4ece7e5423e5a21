package dev.eddy.serving.retrieval;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded min-heap of (score, row) on primitive arrays: the worst of the best k so far sits at the root, so a
 * candidate that does not beat it costs one comparison. Ties go to the lower row, so results are deterministic.
 * Not thread-safe; one per query.
 */
final class TopKHeap {
    private final float[] scores;
    private final int[] rows;
    private int size;

    TopKHeap(int capacity) {
        scores = new float[capacity];
        rows = new int[capacity];
    }

    boolean full() {
        return size == scores.length;
    }

    /** Whether (score, row) would enter the heap: cheap, so the caller can test exclusion only then. */
    boolean admits(float score, int row) {
        return size < scores.length || worse(scores[0], rows[0], score, row);
    }

    /** Adds (score, row), dropping the worst entry if the heap is full; the caller checked {@link #admits}. */
    void push(float score, int row) {
        if (size < scores.length) {
            int i = size++;
            scores[i] = score;
            rows[i] = row;
            siftUp(i);
        } else {
            scores[0] = score;
            rows[0] = row;
            siftDown(0);
        }
    }

    /** The entries best first, as items of {@code ids}. */
    List<ScoredItem> drainBestFirst(String[] ids) {
        ScoredItem[] out = new ScoredItem[size];
        for (int n = size; n > 0; n--) {
            out[n - 1] = new ScoredItem(ids[rows[0]], scores[0]);
            size--;
            scores[0] = scores[size];
            rows[0] = rows[size];
            siftDown(0);
        }
        List<ScoredItem> list = new ArrayList<>(out.length);
        for (ScoredItem s : out) list.add(s);
        return list;
    }

    /** Whether (s1, r1) ranks below (s2, r2): lower score, or equal score and higher row. */
    private static boolean worse(float s1, int r1, float s2, int r2) {
        return s1 < s2 || (s1 == s2 && r1 > r2);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(scores[i], rows[i], scores[parent], rows[parent])) return;
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) return;
            int right = left + 1;
            int worst = right < size && worse(scores[right], rows[right], scores[left], rows[left]) ? right : left;
            if (!worse(scores[worst], rows[worst], scores[i], rows[i])) return;
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        int r = rows[a];
        rows[a] = rows[b];
        rows[b] = r;
    }
}
