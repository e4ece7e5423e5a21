package dev.eddy.tools.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code eddy bench load}: each endpoint in turn (warm-up, then the measured run) at the same rate and duration. */
public final class LoadBenchmark {
    private LoadBenchmark() {}

    public static LoadResult run(LoadSettings s, PrintStream log) throws Exception {
        List<PhaseResult> phases = new ArrayList<>();
        try (OpenLoopGenerator generator = new OpenLoopGenerator(s)) {
            for (Target t : s.targets()) {
                log.printf(Locale.ROOT, "%s %s: %d req/s, %.1f s warm-up + %.1f s measured%n", t.method(), s.uri(t),
                        s.rate(), s.warmup().toMillis() / 1e3, s.duration().toMillis() / 1e3);
                phases.add(generator.run(t));
            }
        }
        return LoadResult.of(s, phases);
    }
}
