package dev.eddy.tools.cli;

import dev.eddy.tools.bench.load.LoadBenchmark;
import dev.eddy.tools.bench.load.LoadReport;
import dev.eddy.tools.bench.load.LoadResult;
import dev.eddy.tools.bench.load.LoadSettings;
import dev.eddy.tools.bench.load.PhaseResult;
import dev.eddy.tools.bench.load.SyntheticPopulation;
import dev.eddy.tools.bench.load.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.eddy.serving.client.TrustStores;

import java.net.URI;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code eddy bench load}: open-loop HTTP load against a running {@code eddy serve}. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Open-loop constant-rate load against a running server (run it as its own process): requests "
                + "at fixed intended start times, latency measured from the intended start (coordinated omission "
                + "corrected, as wrk2 does). Prints p50/p90/p99/p99.9/max, the achieved rate, non-2xx answers, errors "
                + "and timeouts, and whether the generator kept its own schedule; --endpoint both runs rank, then "
                + "healthz at the same rate and duration and reports rank/healthz latency ratios; the server's CPU µs per "
                + "request and its time from start to ready, from its /metrics. Several --url (e.g. the same server over "
                + "http and https) run one after the other with the same load and end with a side-by-side table. Exit "
                + "code 0 only when every answer was 2xx and the generator kept up.")
final class BenchLoadCommand implements Callable<Integer> {

    @Option(names = "--url", required = true,
            description = "server base URL, e.g. http://127.0.0.1:8080 or https://...; repeat to compare servers side by side")
    List<URI> urls;

    @Option(names = "--truststore", paramLabel = "FILE",
            description = "certificates an https server's must chain to: PEM, or a PKCS#12/JKS keystore (default: the JDK's CAs)")
    Path truststore;

    @Option(names = "--truststore-password-env", paramLabel = "VAR",
            description = "environment variable holding the --truststore keystore's password (not needed for PEM)")
    String truststorePasswordEnv;

    @Option(names = "--metrics-key", description = "API key for the server's /metrics (admin scope); default: --api-key")
    String metricsKey;

    @Option(names = "--rate", defaultValue = "1000", description = "requests per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "measured time per endpoint (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "load before the measured time, not recorded (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--endpoint", defaultValue = "rank", description = "rank, healthz or both (default: ${DEFAULT-VALUE})")
    String endpoint;

    @Option(names = "--users", defaultValue = "100000", description = "user ids u0.. drawn uniformly (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--k", defaultValue = "10", description = "items asked for (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--candidates", defaultValue = "0",
            description = "candidates sent per request, from the catalogue; 0: the server retrieves them (default: ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--catalogue-items", defaultValue = "100000", description = "items to draw candidates from (default: ${DEFAULT-VALUE})")
    int catalogueItems;

    @Option(names = "--item-prefix", defaultValue = "i", description = "item ids are PREFIX0.. (default: ${DEFAULT-VALUE})")
    String itemPrefix;

    @Option(names = "--experiment", description = "experimentId sent with every rank request")
    String experiment;

    @Option(names = "--api-key", description = "sent as Authorization: Bearer KEY (rank scope for --endpoint rank)")
    String apiKey;

    @Option(names = "--connections", defaultValue = "16", description = "HTTP/1.1 connections at most (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "a request unanswered this long after it was sent is a timeout (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--timeline-every", converter = DurationConverter.class,
            description = "also record p50/p99/max per interval of this width (by intended start), e.g. 1s")
    Duration timelineEvery;

    @Option(names = "--seed", defaultValue = "1", description = "seed of users and candidates (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--wait-ready", converter = DurationConverter.class,
            description = "poll the server's /readyz and start the moment it answers 200 (give up after this long, "
                    + "e.g. 5m): the first requests a load balancer would send to a new replica; use with --warmup 0s")
    Duration waitReady;

    @Option(names = "--overload-rate", paramLabel = "R",
            description = "first offer rank requests at R/s for --overload-duration (its own phase), then at once --rate "
                    + "for --duration with a fresh client: shedding and recovery (use --timeline-every 1s)")
    Integer overloadRate;

    @Option(names = "--overload-duration", converter = DurationConverter.class, defaultValue = "60s",
            description = "length of the overload phase (default: ${DEFAULT-VALUE})")
    Duration overloadDuration;

    @Option(names = "--out", description = "write the results as JSON here")
    Path out;

    @Override
    public Integer call() throws Exception {
        SyntheticPopulation population = SyntheticPopulation.of(users, catalogueItems).withItemPrefix(itemPrefix);
        KeyStore trust = null;
        if (truststore != null) {
            String password = null;
            if (truststorePasswordEnv != null) {
                password = System.getenv(truststorePasswordEnv);
                if (password == null) throw new IllegalArgumentException("--truststore-password-env: " + truststorePasswordEnv + " is not set");
            }
            trust = TrustStores.load(truststore, password);
        }
        List<LoadResult> results = new ArrayList<>();
        for (URI url : urls) {
            LoadSettings s = new LoadSettings(url, rate, duration, warmup, Target.parse(endpoint), population, k,
                    candidates, experiment, apiKey, connections, timeout, timelineEvery, seed, trust, metricsKey);
            LoadResult r;
            if (overloadRate == null) {
                r = LoadBenchmark.run(s, waitReady, System.out);
            } else {
                LoadSettings overload = new LoadSettings(url, overloadRate, overloadDuration, warmup, List.of(Target.RANK),
                        population, k, candidates, experiment, apiKey, connections, timeout, null, seed, trust, metricsKey);
                LoadSettings after = new LoadSettings(url, rate, duration, Duration.ZERO, Target.parse(endpoint), population,
                        k, candidates, experiment, apiKey, connections, timeout, timelineEvery, seed + 1, trust, metricsKey);
                r = LoadBenchmark.runAfterOverload(overload, after, waitReady, System.out);
            }
            System.out.println();
            System.out.print(LoadReport.table(r));
            results.add(r);
        }
        if (results.size() > 1) {
            System.out.println();
            System.out.print(LoadReport.sideBySide(results));
        }
        if (out != null) {
            if (results.size() == 1) LoadReport.writeJson(results.get(0), out);
            else LoadReport.writeJson(results, out);
            System.out.println("results: " + out.toAbsolutePath());
        }
        // An overload run is meant to get refusals: it fails only when the generator could not keep its schedule.
        if (overloadRate != null) return results.stream().allMatch(r -> r.phases().stream().noneMatch(PhaseResult::fellBehind)) ? 0 : 1;
        return results.stream().allMatch(LoadResult::clean) ? 0 : 1;
    }
}
