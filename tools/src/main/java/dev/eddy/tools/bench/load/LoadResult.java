package dev.eddy.tools.bench.load;

import java.util.List;

/**
 * A load run: the phases in the order they ran and, when both rank and healthz ran, rank's latency over healthz's
 * (how much the ranking adds to what the server costs anyway), and the seconds the server took from its start to
 * ready (its {@code eddy_serving_ready_seconds}; NaN when it does not say).
 */
public record LoadResult(String url, int rate, double warmupSeconds, double durationSeconds, int connections,
                         int users, int k, int candidates, int catalogueItems, long seed, List<PhaseResult> phases,
                         Ratios rankOverHealthz, double serverReadySeconds) {

    /** Null-free: ratios are NaN when a phase recorded nothing. */
    public record Ratios(double p50, double p99) {}

    static LoadResult of(LoadSettings s, List<PhaseResult> phases, double serverReadySeconds) {
        PhaseResult rank = phase(phases, Target.RANK);
        PhaseResult healthz = phase(phases, Target.HEALTHZ);
        Ratios ratios = rank == null || healthz == null ? null
                : new Ratios(rank.latency().p50() / healthz.latency().p50(), rank.latency().p99() / healthz.latency().p99());
        return new LoadResult(s.base().toString(), s.rate(), s.warmup().toMillis() / 1e3, s.duration().toMillis() / 1e3,
                s.connections(), s.population().users(), s.k(), s.candidates(), s.population().items(), s.seed(),
                List.copyOf(phases), ratios, serverReadySeconds);
    }

    private static PhaseResult phase(List<PhaseResult> phases, Target t) {
        return phases.stream().filter(p -> p.endpoint().equals(t.label())).findFirst().orElse(null);
    }

    /** Every phase got only 2xx answers, no error or timeout, and the generator kept its schedule. */
    public boolean clean() {
        return phases.stream().allMatch(p -> p.non2xx() == 0 && p.errors().isEmpty() && p.timeouts() == 0
                && p.unfinished() == 0 && !p.fellBehind());
    }
}
