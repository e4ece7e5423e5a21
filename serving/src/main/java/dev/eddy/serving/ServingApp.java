package dev.eddy.serving;

import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.serving.drift.DriftGuardSettings;
import dev.eddy.serving.drift.DriftGuards;
import dev.eddy.serving.experiment.ExperimentAssigner;
import dev.eddy.events.experiment.ExperimentsConfig;
import dev.eddy.serving.http.ServingMetrics;
import dev.eddy.serving.http.ServingServer;
import dev.eddy.serving.log.DurableKafkaEventLog;
import dev.eddy.serving.log.DurableLogging;
import dev.eddy.serving.log.EventLog;
import dev.eddy.serving.log.KafkaEventLog;
import dev.eddy.serving.model.InteractionFollower;
import dev.eddy.serving.model.ModelFollower;
import dev.eddy.serving.retrieval.AnnIndex;
import dev.eddy.serving.retrieval.RetrievalSettings;
import dev.eddy.serving.model.SeenItems;
import dev.eddy.serving.model.ServingModels;
import dev.eddy.serving.results.DashboardService;
import dev.eddy.serving.results.ExperimentResultsFollower;
import dev.eddy.serving.results.ResultsStore;
import dev.eddy.serving.http.RequestValidator;
import dev.eddy.serving.http.WarmUpPass;
import dev.eddy.serving.warmup.Readiness;
import dev.eddy.serving.warmup.WarmUp;
import io.micrometer.core.instrument.FunctionCounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One serving process: follows eddy.models (and eddy.interactions for what users have seen), logs to Kafka,
 * assigns experiments, and answers HTTP. Used by {@code eddy serve}, the demo and the tests.
 */
public final class ServingApp implements AutoCloseable {
    /** How often the experiments file is checked for changes. */
    static final Duration EXPERIMENTS_CHECK = Duration.ofSeconds(2);

    /** Read-outs of the experiments job kept per experiment for the dashboard's charts (serving.results-history). */
    public static final int DEFAULT_RESULTS_HISTORY = 720;

    /** How long serving may warm up before it declares itself ready anyway (serving.warmup-timeout). */
    public static final Duration DEFAULT_WARMUP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param experimentsFile YAML of experiments, or null for none
     * @param resultsHistory  read-outs kept per experiment, at least 2
     * @param warmupTimeout   the warm-up on synthetic requests ends here even if latency has not settled; zero: no
     *                        warm-up (ready once the models are, as before)
     * @param annIndex        the approximate index of catalogues above annThreshold
     */
    public record Settings(KafkaClientProperties kafka, EddyTopics topics, ServingServer.Settings http,
                           RecommendationService.Settings service, Path experimentsFile, int logBuffer,
                           int seenUsers, int seenItemsPerUser, Duration seenLookback, int annThreshold,
                           int resultsHistory, Duration warmupTimeout, DurableLogging durableLogging,
                           DriftGuardSettings driftGuard, AnnIndex annIndex) {

        public Settings {
            if (warmupTimeout.isNegative()) throw new IllegalArgumentException("serving.warmup-timeout must not be negative");
            if (durableLogging == null) throw new IllegalArgumentException("durableLogging must be given (DurableLogging.OFF)");
            if (driftGuard == null) throw new IllegalArgumentException("driftGuard must be given (DriftGuardSettings.OFF)");
            if (annIndex == null) throw new IllegalArgumentException("annIndex must be given");
        }

        /** With the default approximate index. */
        public Settings(KafkaClientProperties kafka, EddyTopics topics, ServingServer.Settings http,
                        RecommendationService.Settings service, Path experimentsFile, int logBuffer, int seenUsers,
                        int seenItemsPerUser, Duration seenLookback, int annThreshold, int resultsHistory,
                        Duration warmupTimeout, DurableLogging durableLogging, DriftGuardSettings driftGuard) {
            this(kafka, topics, http, service, experimentsFile, logBuffer, seenUsers, seenItemsPerUser,
                    seenLookback, annThreshold, resultsHistory, warmupTimeout, durableLogging, driftGuard,
                    RetrievalSettings.DEFAULT.index());
        }

        /** Without the drift guard. */
        public Settings(KafkaClientProperties kafka, EddyTopics topics, ServingServer.Settings http,
                        RecommendationService.Settings service, Path experimentsFile, int logBuffer, int seenUsers,
                        int seenItemsPerUser, Duration seenLookback, int annThreshold, int resultsHistory,
                        Duration warmupTimeout, DurableLogging durableLogging) {
            this(kafka, topics, http, service, experimentsFile, logBuffer, seenUsers, seenItemsPerUser,
                    seenLookback, annThreshold, resultsHistory, warmupTimeout, durableLogging, DriftGuardSettings.OFF);
        }

        /** This one with the drift guard as given. */
        public Settings withDriftGuard(DriftGuardSettings guard) {
            return new Settings(kafka, topics, http, service, experimentsFile, logBuffer, seenUsers, seenItemsPerUser,
                    seenLookback, annThreshold, resultsHistory, warmupTimeout, durableLogging, guard, annIndex);
        }

        /** With the asynchronous event log. */
        public Settings(KafkaClientProperties kafka, EddyTopics topics, ServingServer.Settings http,
                        RecommendationService.Settings service, Path experimentsFile, int logBuffer, int seenUsers,
                        int seenItemsPerUser, Duration seenLookback, int annThreshold, int resultsHistory,
                        Duration warmupTimeout) {
            this(kafka, topics, http, service, experimentsFile, logBuffer, seenUsers, seenItemsPerUser,
                    seenLookback, annThreshold, resultsHistory, warmupTimeout, DurableLogging.OFF);
        }

        /** With the default warm-up. */
        public Settings(KafkaClientProperties kafka, EddyTopics topics, ServingServer.Settings http,
                        RecommendationService.Settings service, Path experimentsFile, int logBuffer, int seenUsers,
                        int seenItemsPerUser, Duration seenLookback, int annThreshold, int resultsHistory) {
            this(kafka, topics, http, service, experimentsFile, logBuffer, seenUsers, seenItemsPerUser,
                    seenLookback, annThreshold, resultsHistory, DEFAULT_WARMUP_TIMEOUT);
        }

        /** With the default results history and warm-up. */
        public Settings(KafkaClientProperties kafka, EddyTopics topics, ServingServer.Settings http,
                        RecommendationService.Settings service, Path experimentsFile, int logBuffer, int seenUsers,
                        int seenItemsPerUser, Duration seenLookback, int annThreshold) {
            this(kafka, topics, http, service, experimentsFile, logBuffer, seenUsers, seenItemsPerUser,
                    seenLookback, annThreshold, DEFAULT_RESULTS_HISTORY);
        }
    }

    private final ModelFollower models;
    private final InteractionFollower seen;
    private final EventLog log;
    private final ServingServer server;
    private final RecommendationService service;
    private final ExperimentsFileWatcher watcher;
    private final ExperimentResultsFollower results;
    private final Readiness readiness;
    private final DriftGuards driftGuards;

    private ServingApp(ModelFollower models, InteractionFollower seen, EventLog log, ServingServer server,
                       RecommendationService service, ExperimentsFileWatcher watcher, ExperimentResultsFollower results,
                       Readiness readiness, DriftGuards driftGuards) {
        this.readiness = readiness;
        this.driftGuards = driftGuards;
        this.models = models;
        this.seen = seen;
        this.results = results;
        this.log = log;
        this.server = server;
        this.service = service;
        this.watcher = watcher;
    }

    public static ServingApp start(Settings s) {
        // Config first: a bad experiments file fails the start before anything connects.
        ExperimentAssigner experiments = s.experimentsFile() == null
                ? ExperimentAssigner.of(new ExperimentsConfig(List.of()))
                : ExperimentAssigner.load(s.experimentsFile());
        ServingMetrics metrics = new ServingMetrics();
        ModelFollower models = null;
        InteractionFollower seenFollower = null;
        ExperimentsFileWatcher watcher = null;
        ExperimentResultsFollower results = null;
        Readiness readiness = null;
        DriftGuards driftGuards = null;
        EventLog log = null;
        try {
            log = s.durableLogging().enabled() ? durableLog(s, metrics) : new KafkaEventLog(s.kafka(), s.logBuffer(), Map.of());
            models = ModelFollower.start(s.kafka(), s.topics().models(),
                    RetrievalSettings.DEFAULT.withExactUpTo(s.annThreshold()).withIndex(s.annIndex()));
            SeenItems seen = new SeenItems(s.seenUsers(), s.seenItemsPerUser());
            seenFollower = InteractionFollower.start(s.kafka(), s.topics().interactions(), s.seenLookback(), seen,
                    Clock.systemUTC());
            RecommendationService service = new RecommendationService(s.service(), models, seen, experiments, log,
                    Clock.systemUTC());
            register(metrics, log, models);
            driftGuards = s.driftGuard().enabled() ? DriftGuards.start(s.driftGuard()) : DriftGuards.off();
            service.guardDrift(driftGuards);
            register(metrics, driftGuards);
            readiness = readiness(s, models, service, log);
            register(metrics, readiness);
            watcher = s.experimentsFile() == null ? null
                    : new ExperimentsFileWatcher(s.experimentsFile(), service, EXPERIMENTS_CHECK);
            if (watcher != null) {
                ExperimentsFileWatcher w = watcher;
                metrics.gauge("eddy.experiments.reloads", "times the experiments file was reloaded", w, ExperimentsFileWatcher::reloads);
                metrics.gauge("eddy.experiments.reload.failures", "changes of the experiments file that did not load",
                        w, ExperimentsFileWatcher::failures);
            }
            ResultsStore store = new ResultsStore(s.resultsHistory());
            results = ExperimentResultsFollower.start(s.kafka(), s.topics().experiments(), store);
            register(metrics, results);
            ModelFollower m = models;
            DashboardService dashboard = new DashboardService(store, service::experimentAssigner, models.history(),
                    () -> m.current().versions());
            WarmUpPass warmUpPass = WarmUpPass.random();
            ServingServer server = ServingServer.start(s.http(), service, dashboard, metrics, warmUpPass);
            if (watcher != null) server.onReload("experiments", watcher::reloadNow);
            return new ServingApp(models, seenFollower, log, server, service, watcher, results,
                    readiness.start(java.net.URI.create(server.baseUrl()), server.loopbackTls(), warmUpPass),
                    driftGuards);
        } catch (RuntimeException | IOException e) {
            closeQuietly(driftGuards);
            closeQuietly(readiness);
            closeQuietly(results);
            closeQuietly(watcher);
            closeQuietly(seenFollower);
            closeQuietly(models);
            closeQuietly(log);
            if (e instanceof RuntimeException r) throw r;
            throw new UncheckedIOException((IOException) e);
        }
    }

    /** The durable log, its requests' wait for the acknowledgement recorded as eddy_log_ack_seconds. */
    private static EventLog durableLog(Settings s, ServingMetrics metrics) {
        var ack = metrics.latency("eddy.log.ack", "with serving.log.durable, how long a request waited for Kafka's "
                + "acknowledgement of its event (acknowledged ones; the rest count as eddy_log_records_total{outcome=\"failed\"})");
        return new DurableKafkaEventLog(s.kafka(), s.durableLogging().timeout(), Map.of(),
                nanos -> ack.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    private static void register(ServingMetrics metrics, EventLog log, ModelFollower models) {
        var registry = metrics.registry();
        for (String outcome : List.of("accepted", "sent", "dropped", "failed")) {
            FunctionCounter.builder("eddy.log.records", log, l -> switch (outcome) {
                        case "accepted" -> l.counts().accepted();
                        case "sent" -> l.counts().sent();
                        case "dropped" -> l.counts().dropped();
                        default -> l.counts().failed();
                    }).description("records logged to Kafka by outcome (dropped: buffer full; failed: Kafka refused, or with "
                            + "serving.log.durable not acknowledged in time and answered 503)")
                    .tag("outcome", outcome).register(registry);
        }
        metrics.gauge("eddy.log.queued", "records waiting for Kafka (durable: requests waiting for the acknowledgement)",
                log, l -> l.counts().queued());
        metrics.gauge("eddy.model.versions.loaded", "model versions loaded since start", models, ModelFollower::versionsLoaded);
        metrics.gauge("eddy.model.versions.rejected", "incomplete or corrupt model versions rejected since start", models,
                ModelFollower::versionsRejected);
        // One gauge per model, registered when the model first appears; it reads the newest loaded version.
        Set<String> gauged = ConcurrentHashMap.newKeySet();
        Consumer<ServingModels> perModel = snapshot ->
                snapshot.versions().keySet().forEach(model -> {
                    if (gauged.add(model)) {
                        metrics.gauge("eddy.model.version", "loaded version per model",
                                () -> models.current().versions().getOrDefault(model, 0L), "model", model);
                    }
                });
        models.onSwap(perModel);
        // Versions loaded before the listener was added.
        perModel.accept(models.current());
    }

    /**
     * /readyz: models read, every retrieval index built, no version waiting for its graph, and the hot path warmed
     * on synthetic requests; new versions are warmed before they are swapped in.
     */
    private static Readiness readiness(Settings s, ModelFollower models, RecommendationService service, EventLog log) {
        Supplier<String> modelsNotReady = () -> {
            String why = service.modelsNotReadyReason();
            if (why == null && models.pendingVersions() > 0) why = "a model version is waiting for its ANN index";
            return why;
        };
        WarmUp warmUp = new WarmUp(service, new RequestValidator(s.http().limits()),
                s.service().defaultPlan().model(), Math.min(10, s.http().limits().maxK()));
        Duration swapTimeout = s.warmupTimeout().compareTo(SWAP_WARMUP_LIMIT) < 0 ? s.warmupTimeout() : SWAP_WARMUP_LIMIT;
        List<String> logged = List.of(s.topics().decisions(), s.topics().rewards(), s.topics().interactions());
        Readiness readiness = new Readiness(modelsNotReady, models::current, warmUp,
                WarmUp.Settings.startup(s.warmupTimeout()), WarmUp.Settings.swap(swapTimeout), () -> log.prepare(logged));
        service.gateReadiness(readiness::notReadyReason);
        models.beforeSwap(readiness::beforeSwap);
        return readiness;
    }

    /** A new version is warmed for at most this long while the old one answers (it only needs its data touched). */
    private static final Duration SWAP_WARMUP_LIMIT = Duration.ofSeconds(10);

    private static void register(ServingMetrics metrics, DriftGuards guards) {
        if (!guards.enabled()) return;
        metrics.gauge("eddy.serving.drift.alarms", "times a contextual-bandit model's reward rate fell and its requests "
                + "were explored (serving.drift-guard)", guards, DriftGuards::alarms);
        metrics.gauge("eddy.serving.drift.exploring", "contextual-bandit models whose requests are explored now, "
                + "after an alarm", guards, DriftGuards::exploring);
        metrics.gauge("eddy.serving.drift.unwatched", "decisions served but not watched: too many awaited their outcome",
                guards, DriftGuards::unwatched);
    }

    private static void register(ServingMetrics metrics, Readiness readiness) {
        metrics.gauge("eddy.serving.ready.seconds", "seconds from the process's start until /readyz first answered 200 "
                + "(NaN before)", readiness, Readiness::secondsToReady);
        metrics.gauge("eddy.serving.warmup.requests", "synthetic requests of the newest warm-up (not logged)", readiness,
                r -> r.lastWarmUp() == null ? 0 : r.lastWarmUp().requests());
    }

    private static void register(ServingMetrics metrics, ExperimentResultsFollower results) {
        metrics.gauge("eddy.experiments.results.readouts", "experiment read-outs read from the experiments topic",
                results, ExperimentResultsFollower::readOuts);
        metrics.gauge("eddy.experiments.results.unreadable", "experiments topic records that were not valid read-outs",
                results, ExperimentResultsFollower::unreadable);
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** The routes the HTTP server answers (read from its router). */
    public java.util.List<ServingServer.Route> routes() {
        return server.routes();
    }

    public int port() {
        return server.port();
    }

    public ModelFollower models() {
        return models;
    }

    public EventLog.Counts logCounts() {
        return log.counts();
    }

    public RecommendationService service() {
        return service;
    }

    /** Waits until /readyz answers 200 (models read, indexes built, warmed up); false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return readiness.awaitReady(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public Readiness readiness() {
        return readiness;
    }

    /** What serving's drift guard has seen (watching nothing when serving.drift-guard is off). */
    public DriftGuards driftGuards() {
        return driftGuards;
    }

    @Override
    public void close() {
        closeQuietly(readiness);
        closeQuietly(driftGuards);
        closeQuietly(watcher);
        server.close();
        closeQuietly(results);
        closeQuietly(seen);
        closeQuietly(models);
        closeQuietly(log);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // Shutting down: nothing left to do about it.
        }
    }
}
