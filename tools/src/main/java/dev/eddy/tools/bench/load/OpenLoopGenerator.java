package dev.eddy.tools.bench.load;

import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop constant-rate load generator (as wrk2): request i has the fixed intended start t0 + i / rate whatever
 * happened to earlier requests, is sent at that time (or at once when the generator is late), and its latency runs
 * from the intended start. A slow server therefore cannot slow the offered load down and hide its own queueing.
 * Requests go out asynchronously over Jetty's HTTP/1.1 client (over TLS for an https URL) with at most
 * {@code connections} connections; a request
 * that finds them all busy waits in the client's queue, and that wait is part of its latency, as it would be for a
 * real client with that many connections.
 */
final class OpenLoopGenerator implements AutoCloseable {
    /**
     * A p99 send lag above this means the generator did not keep its own schedule. Parking a thread on a busy
     * 2-core machine wakes it a millisecond or two late now and then, which bunches a few requests but is not
     * falling behind; a p99 of several milliseconds is.
     */
    static final double BEHIND_MILLIS = 5.0;
    /** First slot this far after the start, so that the first sends are not late by the set-up. */
    private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    private final LoadSettings settings;
    private final HttpClient client;
    private final ServerMetrics server;

    OpenLoopGenerator(LoadSettings settings) throws Exception {
        this.settings = settings;
        this.server = settings.serverMetrics();
        // Fixed-size pool: threads that end mid-run would take their CPU time out of GeneratorCpu's figure.
        QueuedThreadPool pool = new QueuedThreadPool(8, 8);
        pool.setName(GeneratorCpu.THREAD_PREFIX + "-client");
        pool.setDaemon(true);
        // HTTP/1.1 over plain TCP or TLS alike, so that a plain and an https run differ by TLS alone.
        ClientConnector connector = new ClientConnector();
        if (settings.truststore() != null) {
            SslContextFactory.Client tls = new SslContextFactory.Client();
            tls.setTrustStore(settings.truststore());
            connector.setSslContextFactory(tls);
        }
        client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(pool);
        client.setScheduler(new ScheduledExecutorScheduler(GeneratorCpu.THREAD_PREFIX + "-timeouts", true));
        client.setMaxConnectionsPerDestination(settings.connections());
        // Open loop: queued requests must wait (and be measured), not be rejected.
        client.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
        client.setConnectTimeout(settings.timeout().toMillis());
        client.setFollowRedirects(false);
        client.start();
    }

    PhaseResult run(Target target) throws InterruptedException {
        return run(target, settings);
    }

    /**
     * One phase with {@code phase}'s rate, warm-up, duration, timeline and bodies, on this generator's connections (the
     * client's settings stay those it was made with): phases back to back, as an overload and the recovery after it.
     */
    PhaseResult run(Target target, LoadSettings phase) throws InterruptedException {
        URI uri = phase.uri(target);
        double periodNanos = 1e9 / phase.rate();
        long warmupRequests = Math.round(phase.warmup().toNanos() / periodNanos);
        long measuredRequests = Math.max(1, Math.round(phase.duration().toNanos() / periodNanos));
        long total = warmupRequests + measuredRequests;
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        long t0 = nowNanos + LEAD_NANOS;
        long measureStart = t0 + Math.round(warmupRequests * periodNanos);
        long measureNanos = phase.duration().toNanos();
        long intervalNanos = phase.timelineEvery() == null ? measureNanos : phase.timelineEvery().toNanos();
        PhaseRecorder recorder = new PhaseRecorder(measureStart, measureNanos, intervalNanos);
        Histogram lag = new Histogram(1, PhaseRecorder.HIGHEST_MICROS, 3);
        AtomicLong inFlight = new AtomicLong();
        RankBodies bodies = target == Target.RANK ? new RankBodies(phase.population(), phase.k(),
                phase.candidates(), phase.experiment(), phase.seed()) : null;
        GeneratorCpu cpu = new GeneratorCpu();
        GeneratorCpu.Usage[] usage = new GeneratorCpu.Usage[1];
        long[] lastSend = new long[1];

        Thread scheduler = new Thread(() -> {
            for (long i = 0; i < total; i++) {
                long intended = t0 + Math.round(i * periodNanos);
                byte[] body = bodies == null ? null : bodies.next();
                if (i == warmupRequests) cpu.start();
                long now;
                while ((now = System.nanoTime()) < intended) LockSupport.parkNanos(intended - now);
                if (i >= warmupRequests) {
                    lag.recordValue(Math.max(1, Math.min(PhaseRecorder.HIGHEST_MICROS, (now - intended) / 1000)));
                    lastSend[0] = now;
                }
                send(target, uri, body, intended, now, recorder, inFlight);
            }
            usage[0] = cpu.stop();
        }, GeneratorCpu.THREAD_PREFIX + "-scheduler");
        scheduler.setDaemon(true);
        // The server's CPU time at the start of the measured part, read off the scheduling thread so that its
        // sends stay on time.
        ServerMetrics.Sample[] serverAtStart = {ServerMetrics.Sample.NONE};
        long[] serverCpuReadAt = new long[1];
        Thread cpuProbe = new Thread(() -> {
            long now;
            while ((now = System.nanoTime()) < measureStart) LockSupport.parkNanos(measureStart - now);
            serverAtStart[0] = server.sample();
            serverCpuReadAt[0] = System.nanoTime();
        }, GeneratorCpu.THREAD_PREFIX + "-server-cpu");
        cpuProbe.setDaemon(true);
        cpuProbe.start();
        scheduler.start();
        scheduler.join();

        long drainDeadline = System.nanoTime() + phase.timeout().plus(DRAIN_GRACE).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) Thread.sleep(5);
        cpuProbe.join();
        ServerMetrics.Sample serverAtEnd = server.sample();
        double serverSeconds = (System.nanoTime() - serverCpuReadAt[0]) / 1e9;
        double serverCpuNanos = serverAtEnd.cpuNanos() - serverAtStart[0].cpuNanos();
        // The server's own count of what it answered (the scrape itself is one more); the generator's if it has none.
        double serverRequests = serverAtEnd.requests() - serverAtStart[0].requests() - 1;
        if (!(serverRequests >= 1)) serverRequests = Math.max(1, recorder.completed());

        Histogram latency = recorder.total();
        Latency sendLag = Latency.of(lag);
        long late = lag.getCountBetweenValues((long) (BEHIND_MILLIS * 1000) + 1, PhaseRecorder.HIGHEST_MICROS);
        double sendSeconds = (lastSend[0] - measureStart + periodNanos) / 1e9;
        double completeSeconds = Math.max(measureNanos, recorder.lastCompletionNanos() - measureStart) / 1e9;
        long non2xx = recorder.statuses().entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() > 299)
                .mapToLong(java.util.Map.Entry::getValue).sum();
        return new PhaseResult(target.label(), phase.rate(), measureNanos / 1e9, measuredRequests,
                recorder.completed(), measuredRequests / sendSeconds, recorder.completed() / completeSeconds,
                Latency.of(latency), Latency.of(recorder.fromSend()), recorder.statuses(), non2xx, recorder.errors(),
                recorder.timeouts(),
                inFlight.get(), sendLag, late, sendLag.p99() > BEHIND_MILLIS, usage[0].generatorCores(),
                usage[0].processCores(), recorder.timeline(nowMillis + (measureStart - nowNanos) / 1_000_000),
                serverCpuNanos / 1e3 / serverRequests, serverCpuNanos / 1e9 / serverSeconds,
                serverAtEnd.microsByThreadsSince(serverAtStart[0], serverRequests));
    }

    private void send(Target target, URI uri, byte[] body, long intended, long sent, PhaseRecorder recorder,
                      AtomicLong inFlight) {
        inFlight.incrementAndGet();
        try {
            Request r = client.newRequest(uri).method(target.method())
                    .timeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (settings.apiKey() != null) r.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + settings.apiKey()));
            if (body != null) r.body(new BytesRequestContent("application/json", body));
            r.send(result -> complete(result, intended, sent, recorder, inFlight));
        } catch (RuntimeException e) {
            recorder.failed(intended, System.nanoTime(), e);
            inFlight.decrementAndGet();
        }
    }

    private static void complete(Result result, long intended, long sent, PhaseRecorder recorder, AtomicLong inFlight) {
        long done = System.nanoTime();
        if (result.isSucceeded()) recorder.answered(intended, sent, done, result.getResponse().getStatus());
        else recorder.failed(intended, done, result.getFailure());
        inFlight.decrementAndGet();
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
