package dev.eddy.serving;

import dev.eddy.serving.config.PolledFile;
import dev.eddy.serving.experiment.ExperimentAssigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reloads the experiments file when it changes (its modification time or size), so that weights, status and dates
 * can be changed without a restart. Assignment is by weighted rendezvous hashing, so a weight change moves only the
 * users it must. A file that does not load (or names an unknown policy) is logged with its reason and the previous
 * experiments stay in force. Polled ({@link PolledFile}), so files replaced through symlinks are seen too.
 */
final class ExperimentsFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentsFileWatcher.class);

    private final Path file;
    private final RecommendationService service;
    private final ScheduledExecutorService timer;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final PolledFile polled;

    ExperimentsFileWatcher(Path file, RecommendationService service, Duration every) throws IOException {
        this.file = file;
        this.service = service;
        this.polled = new PolledFile(file);
        polled.stamp();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eddy-experiments-watcher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    long reloads() {
        return reloads.get();
    }

    long failures() {
        return failures.get();
    }

    /** Loads the file now, changed or not (POST /v1/admin/reload); the answer says whether it loaded. */
    synchronized java.util.Map<String, Object> reloadNow() {
        try {
            service.reload(ExperimentAssigner.load(file));
            polled.stamp();
            reloads.incrementAndGet();
            LOG.info("experiments reloaded from {} on request", file);
            return java.util.Map.of("reloaded", true);
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            LOG.error("experiments file {} not reloaded, the previous experiments stay: {}", file, e.getMessage());
            return java.util.Map.of("reloaded", false, "reason", String.valueOf(e.getMessage()));
        }
    }

    private synchronized void check() {
        try {
            if (!polled.changed()) return;
            service.reload(ExperimentAssigner.load(file));
            reloads.incrementAndGet();
            LOG.info("experiments reloaded from {}", file);
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            LOG.error("experiments file {} not reloaded, the previous experiments stay: {}", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
