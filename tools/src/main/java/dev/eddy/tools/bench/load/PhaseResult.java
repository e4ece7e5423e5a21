package dev.eddy.tools.bench.load;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one endpoint got over the measured part of its phase.
 *
 * @param sentPerSecond      requests sent per second of the measured schedule (the offered rate actually achieved)
 * @param completedPerSecond answers (any status) and timeouts per second, until the last one came back
 * @param latency            from each request's intended start (coordinated omission corrected), 2xx and non-2xx
 *                           answers and timeouts
 * @param latencyFromSend    answers only, from when each was actually sent: the server's (and the client queue's)
 *                           part, without the generator's own lateness; compare the two to see what the
 *                           generator added
 * @param statuses           answers by HTTP status
 * @param errors             failures without an answer (refused, reset, ...) by exception, timeouts apart
 * @param unfinished         requests still open when the generator stopped waiting for them
 * @param sendLag            how late the generator sent against its own schedule
 * @param lateSends          sends more than {@link OpenLoopGenerator#BEHIND_MILLIS} ms late
 * @param fellBehind         the generator could not keep its schedule (p99 send lag above that bound): the offered
 *                           load was burstier or lower than asked, whatever the server did
 * @param generatorCores     CPU of the generator's threads over the measured part, in cores
 * @param processCores       CPU of the whole process over the same time
 * @param timeline           per-interval latency (one interval spanning the run when no timeline was asked for)
 * @param serverCpuMicrosPerRequest the server process's CPU time over the measured part (from its /metrics, until
 *                           the last answer came back) per request it answered meanwhile (its
 *                           {@code eddy_http_server_requests_seconds_count}; the generator's count of answers where
 *                           it has none), in µs; NaN when the server does not expose
 *                           {@code process_cpu_time_ns_total}
 * @param serverCores        the same CPU time over the same wall time, in cores; NaN likewise
 * @param serverCpuByThreads the server's CPU per request by what its threads do (HTTP, decision log, Kafka client,
 *                           JIT, GC...; its {@code eddy_process_cpu_threads_ns_total}), in µs; empty when it does
 *                           not say
 */
public record PhaseResult(String endpoint, int rate, double seconds, long sent, long completed, double sentPerSecond,
                          double completedPerSecond, Latency latency, Latency latencyFromSend, Map<Integer, Long> statuses, long non2xx,
                          Map<String, Long> errors, long timeouts, long unfinished, Latency sendLag, long lateSends,
                          boolean fellBehind, double generatorCores, double processCores, List<Interval> timeline,
                          double serverCpuMicrosPerRequest, double serverCores,
                          Map<String, Double> serverCpuByThreads) {
    public PhaseResult {
        serverCpuByThreads = Collections.unmodifiableMap(new TreeMap<>(serverCpuByThreads));
        statuses = Collections.unmodifiableMap(new TreeMap<>(statuses));
        errors = Collections.unmodifiableMap(new TreeMap<>(errors));
        timeline = List.copyOf(timeline);
    }

    /** The same result under another name (an overload phase is the rank endpoint at another rate). */
    public PhaseResult labelled(String name) {
        return new PhaseResult(name, rate, seconds, sent, completed, sentPerSecond, completedPerSecond, latency,
                latencyFromSend, statuses, non2xx, errors, timeouts, unfinished, sendLag, lateSends, fellBehind,
                generatorCores, processCores, timeline, serverCpuMicrosPerRequest, serverCores, serverCpuByThreads);
    }

    /**
     * Seconds from the phase's start to the first interval from which on every interval's p99 is at most
     * {@code p99Millis} (and nothing failed); NaN when the phase never got there or has no timeline.
     */
    public double settledAfter(double p99Millis) {
        if (timeline.size() < 2) return Double.NaN;
        double from = Double.NaN;
        for (Interval i : timeline) {
            boolean good = i.count() > 0 && i.p99() <= p99Millis && i.failed() == 0;
            if (!good) from = Double.NaN;
            else if (Double.isNaN(from)) from = i.startSeconds();
        }
        return from;
    }

    public long ok() {
        return statuses.entrySet().stream().filter(e -> e.getKey() >= 200 && e.getKey() <= 299)
                .mapToLong(Map.Entry::getValue).sum();
    }
}
