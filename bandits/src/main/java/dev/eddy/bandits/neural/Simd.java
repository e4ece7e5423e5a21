package dev.eddy.bandits.neural;

/** Whether this JVM can use the Vector API (an incubator module in Java 17, present only when it was added). */
final class Simd {
    private Simd() {}

    static final boolean ENABLED = !"false".equals(System.getProperty("eddy.simd"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
}
