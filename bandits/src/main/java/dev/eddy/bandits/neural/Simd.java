package dev.eddy.bandits.neural;

/**
 * Whether to use the Vector API kernels: only with {@code -Deddy.simd=true} and the incubator module added. Off by
 * default: in the server they cost more than the plain loops (session 8, same machine, alternating runs at 1,000
 * rank requests/s: 934–935 vs 891 µs of server CPU per request with a NeuFastCB rerank, 795 vs 692–701 without),
 * although JMH shows each kernel alone 2–3× faster.
 */
public final class Simd {
    private Simd() {}

    public static final boolean ENABLED = "true".equals(System.getProperty("eddy.simd"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
}
