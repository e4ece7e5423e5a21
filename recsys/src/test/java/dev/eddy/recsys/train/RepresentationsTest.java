package dev.eddy.recsys.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.eddy.recsys.data.UserItems;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RepresentationsTest {

    @Test
    void lightGcnIsTheLayerMeanOfNormalisedPropagationEvenAfterGarbageCollection() throws InterruptedException {
        UserItems graph = UserItems.of(new int[][] {{0, 1}, {1, 2, 3}, {3}});
        int users = 3;
        int items = 4;
        int dim = 2;
        int layers = 3;
        float[] u = {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f};
        float[] i = {0.7f, 0.1f, -0.2f, 0.3f, 0.9f, -0.4f, 0.05f, 0.6f};
        double[][] expected = javaLightGcn(graph, users, items, u, i, dim, layers);
        try (NDManager m = NDManager.newBaseManager()) {
            Representations reps = Representations.lightGcn(m, graph, items, layers);
            // The adjacency must own its memory: collect garbage (and let cleaners run) before it is used.
            for (int k = 0; k < 5; k++) {
                byte[][] junk = new byte[64][];
                for (int j = 0; j < junk.length; j++) junk[j] = new byte[1 << 16];
                System.gc();
                Thread.sleep(20);
            }
            NDArray[] out = reps.compute(m.create(u, new Shape(users, dim)), m.create(i, new Shape(items, dim)));
            float[] gotUsers = out[0].toFloatArray();
            float[] gotItems = out[1].toFloatArray();
            for (int k = 0; k < users * dim; k++) assertThat((double) gotUsers[k]).isCloseTo(expected[0][k], within(1e-6));
            for (int k = 0; k < items * dim; k++) assertThat((double) gotItems[k]).isCloseTo(expected[1][k], within(1e-6));
        }
    }

    /** Dense reference: Â = D^-½ A D^-½ over users + items, E_{l+1} = Â E_l, result = mean of E_0..E_L. */
    private static double[][] javaLightGcn(UserItems g, int users, int items, float[] u, float[] i, int dim, int layers) {
        int n = users + items;
        double[][] a = new double[n][n];
        int[] itemDeg = new int[items];
        for (int item : g.items()) itemDeg[item]++;
        for (int x = 0; x < users; x++) {
            for (int item : g.of(x)) {
                double w = 1 / Math.sqrt((double) g.count(x) * itemDeg[item]);
                a[x][users + item] = w;
                a[users + item][x] = w;
            }
        }
        double[][] e = new double[n][dim];
        for (int r = 0; r < users; r++) for (int c = 0; c < dim; c++) e[r][c] = u[r * dim + c];
        for (int r = 0; r < items; r++) for (int c = 0; c < dim; c++) e[users + r][c] = i[r * dim + c];
        double[][] sum = new double[n][dim];
        for (int r = 0; r < n; r++) sum[r] = e[r].clone();
        for (int l = 0; l < layers; l++) {
            double[][] next = new double[n][dim];
            for (int r = 0; r < n; r++) for (int k = 0; k < n; k++) for (int c = 0; c < dim; c++) next[r][c] += a[r][k] * e[k][c];
            e = next;
            for (int r = 0; r < n; r++) for (int c = 0; c < dim; c++) sum[r][c] += e[r][c];
        }
        double[] us = new double[users * dim];
        double[] is = new double[items * dim];
        for (int r = 0; r < users; r++) for (int c = 0; c < dim; c++) us[r * dim + c] = sum[r][c] / (layers + 1);
        for (int r = 0; r < items; r++) for (int c = 0; c < dim; c++) is[r * dim + c] = sum[users + r][c] / (layers + 1);
        return new double[][] {us, is};
    }
}
