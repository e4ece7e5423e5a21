package dev.eddy.serving.retrieval;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * CPU ns per 64-dim dot product over rows at random of 100,000 × 64 (as a graph search visits them): the scalar
 * loop and {@link VectorDot} interleaved in one JVM, so a busy machine weighs on both alike. Run:
 * {@code java --add-modules=jdk.incubator.vector -cp (serving test classpath) dev.eddy.serving.retrieval.VectorDotCpu}.
 */
public final class VectorDotCpu {
    private VectorDotCpu() {}

    private interface Dot {
        float dot(float[] a, int offsetA, float[] b, int offsetB, int dim);
    }

    public static void main(String[] args) {
        int n = 100_000;
        int dim = 64;
        SplittableRandom r = new SplittableRandom(1);
        float[] rows = new float[n * dim];
        for (int i = 0; i < rows.length; i++) rows[i] = (float) r.nextGaussian();
        float[] q = new float[dim];
        for (int i = 0; i < dim; i++) q[i] = (float) r.nextGaussian();
        int[] order = r.ints(4096, 0, n).toArray();
        var threads = ManagementFactory.getThreadMXBean();
        Dot[] dots = {ExactTopK::scalarDot, VectorDot::dot};
        String[] names = {"scalar (8 sums)", "VectorDot"};
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < dots.length; k++) {
                Dot dot = dots[k];
                long start = threads.getCurrentThreadCpuTime();
                long ops = 0;
                float sink = 0;
                while (threads.getCurrentThreadCpuTime() - start < 1_500_000_000L) {
                    for (int i : order) sink += dot.dot(rows, i * dim, q, 0, dim);
                    ops += order.length;
                }
                System.out.printf("round %d %s: %.1f ns CPU per dot (%s)%n", round, names[k],
                        (threads.getCurrentThreadCpuTime() - start) / (double) ops, sink > 0 ? "+" : "-");
            }
        }
    }
}
