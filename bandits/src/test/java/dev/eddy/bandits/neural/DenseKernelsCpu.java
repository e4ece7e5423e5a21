package dev.eddy.bandits.neural;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * CPU ns per 64 × 64 layer with half its inputs active (as after a ReLU): the scalar and the vector kernels
 * interleaved in one JVM, so a busy machine weighs on both alike. Run:
 * {@code java --add-modules=jdk.incubator.vector -cp (bandits test classpath) dev.eddy.bandits.neural.DenseKernelsCpu}.
 */
public final class DenseKernelsCpu {
    private DenseKernelsCpu() {}

    public static void main(String[] args) {
        SplittableRandom r = new SplittableRandom(1);
        int n = 64;
        float[][] w = new float[n][n];
        for (float[] row : w) for (int j = 0; j < n; j++) row[j] = (float) r.nextGaussian();
        int inputs = 64;
        int[][] rows = new int[inputs][];
        float[][] coef = new float[inputs][];
        for (int c = 0; c < inputs; c++) {
            rows[c] = new int[n];
            coef[c] = new float[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (r.nextBoolean()) {
                    rows[c][m] = i;
                    coef[c][m++] = (float) r.nextGaussian();
                }
            }
            rows[c] = Arrays.copyOf(rows[c], m);
            coef[c] = Arrays.copyOf(coef[c], m);
        }
        float[] out = new float[n];
        var threads = ManagementFactory.getThreadMXBean();
        DenseKernels[] kernels = {ScalarDenseKernels.INSTANCE, VectorDenseKernels.INSTANCE};
        for (int round = 0; round < 3; round++) {
            for (DenseKernels k : kernels) {
                long start = threads.getCurrentThreadCpuTime();
                long ops = 0;
                float sink = 0;
                while (threads.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
                    for (int c = 0; c < inputs; c++) {
                        Arrays.fill(out, 0.5f);
                        k.accumulate(rows[c], coef[c], rows[c].length, w, out);
                        sink += out[7];
                    }
                    ops += inputs;
                }
                System.out.printf("round %d %s: %.1f ns CPU per 64x64 layer (%s)%n", round, k.getClass().getSimpleName(),
                        (threads.getCurrentThreadCpuTime() - start) / (double) ops, sink > 0 ? "+" : "-");
            }
        }
    }
}
